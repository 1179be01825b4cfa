package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fabric's name server as tie-break witness: the server asks, from its own port on the fabric, for the
 * N_Port_ID of the peer's port on the fabric (GID_PN with the peer port's WWPN). A server that went down has
 * dropped off the fabric (its switch port went offline, the switch logged it out and removed its name-server
 * entry), so the name server no longer knows the name; a peer that is up but cut off from this server is still
 * registered. Only the explicit FS_RJT "port name not registered" counts as gone: any other answer, or none,
 * confirms nothing. The two servers' fabric ports must be zoned together, since the name server answers a port
 * outside the asker's zones the same way as an unregistered one.
 */
public final class NameServerWitness implements TieBreakWitness {

    private final Scheduler scheduler;
    private final LocalPort asker;
    private final Map<Integer, Wwn> peerPortNames;

    /**
     * @param asker         this server's port on the fabric
     * @param peerPortNames by server id, the WWPN of that server's port on the fabric
     */
    public NameServerWitness(Scheduler scheduler, LocalPort asker, Map<Integer, Wwn> peerPortNames) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.asker = Objects.requireNonNull(asker, "asker");
        this.peerPortNames = Map.copyOf(peerPortNames);
    }

    @Override
    public void ask(int peer, Consumer<Answer> answer) {
        Wwn name = peerPortNames.get(peer);
        if (name == null || asker.state() != LportState.READY || !asker.isFabricAttached()) {
            scheduler.execute(() -> answer.accept(Answer.NO_ANSWER));
            return;
        }
        asker.queryNameServer(new NameServerRequest.GidPn(name)).whenComplete((reply, failure) ->
                scheduler.execute(() -> answer.accept(failure != null ? Answer.NO_ANSWER : interpret(reply))));
    }

    /** GID_PN's answer: FS_ACC with a Port_ID = registered; FS_RJT "port name not registered" = gone. */
    static Answer interpret(NameServerReply reply) {
        if (reply instanceof NameServerReply.PortId) {
            return Answer.REGISTERED;
        }
        if (reply instanceof NameServerReply.Rejected r
                && r.explanation() == CtConstants.EXPL_PORT_NAME_NOT_REGISTERED) {
            return Answer.NOT_REGISTERED;
        }
        return Answer.NO_ANSWER;
    }

    @Override
    public String toString() {
        return "name-server witness asking from " + asker.portName() + " about " + peerPortNames;
    }
}
