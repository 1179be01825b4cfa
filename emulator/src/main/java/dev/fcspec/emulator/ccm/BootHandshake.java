package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.ClusterConnectionManager.Role;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.ConnectResult;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.VirtualInterface;
import java.util.function.Consumer;

/**
 * The boot-time handshake over the boot VI, both sides of it.
 *
 * <p>Initiator: {@link #enterConnecting} (the boot VI to the partner's predetermined address), then
 * {@code enterFirstRead} (the partner's status variable must show its connection manager running),
 * {@code enterFirstWrite} (the hello), {@code enterSecondRead} (re-read until the hello is acknowledged, the
 * partner's boot generation unchanged) and {@code enterSecondWrite} (the confirm); each only after the
 * previous one succeeded. Responder: {@link #onMailboxWrite} hands a hello to {@link #enterAwaitingConfirmation}
 * and a matching confirm to the session exchange.
 *
 * <p>Every failure of a step goes through {@link #stepFailed}, which ends the attempt with the manager's one
 * error path ({@link ClusterConnectionManager#attemptFailed}).
 */
final class BootHandshake {

    private final ClusterConnectionManager ccm;
    private final BootViChannel channel;
    private final VirtualInterface bootVi;
    private final ViAddress partnerBootVi;
    /** The partner's boot generation the first read found: the second read must find the same. */
    private int partnerGeneration;
    /** Responder: the hello this node acknowledged in its status variable. */
    private Mailbox acknowledgedHello;

    BootHandshake(ClusterConnectionManager ccm, BootViChannel channel, ViAddress partnerBootVi) {
        this.ccm = ccm;
        this.channel = channel;
        this.bootVi = channel.bootVi();
        this.partnerBootVi = partnerBootVi;
    }

    /** Forgets the acknowledged hello (the session is torn down). */
    void reset() {
        acknowledgedHello = null;
    }

    /** The hello this node acknowledged as responder in the current session, else null. */
    Mailbox acknowledgedHello() {
        return ccm.role() == Role.RESPONDER ? acknowledgedHello : null;
    }

    // ------------------------------------------------------------------ initiator

    /** Connects the boot VI to the partner's unless it already is, then the first read. */
    void enterConnecting(long t) {
        ViState vs = bootVi.state();
        if (vs == ViState.CONNECTED && partnerBootVi.equals(bootVi.remote())) {
            enterFirstRead(t);
        } else if (vs == ViState.IDLE) {
            ccm.setState(SessionState.CONNECTING);
            bootVi.connect(partnerBootVi, r -> {
                if (!ccm.current(t)) {
                    return;
                }
                if (r == ConnectResult.ACCEPTED) {
                    enterFirstRead(t);
                } else {
                    ccm.attemptFailed("boot VI connection to " + partnerBootVi + ": " + r);
                }
            });
        } else if (vs == ViState.ERROR) {
            bootVi.disconnect();
            enterConnecting(t);
        } else {
            // The partner is connecting to us right now: look again shortly.
            ccm.setState(SessionState.CONNECTING);
            ccm.pollAgain(t, () -> enterConnecting(t));
        }
    }

    private void enterFirstRead(long t) {
        ccm.setState(SessionState.FIRST_READ);
        stepStarted(HandshakeStep.FIRST_RDMA_READ);
        channel.readPartnerStatus(t, readThen(HandshakeStep.FIRST_RDMA_READ, s -> {
            if (s.stage() < CcmProtocol.STAGE_CCM_RUNNING) {
                stepFailed(HandshakeStep.FIRST_RDMA_READ, "partner " + s.node()
                        + " is up to its firmware but its connection manager is not running yet");
                return;
            }
            partnerGeneration = s.generation();
            ccm.partner(s.node(), s.kind());
            stepSucceeded(HandshakeStep.FIRST_RDMA_READ, "partner " + s.node() + " (" + s.kind() + ") generation "
                    + s.generation() + " stage " + s.stage());
            enterFirstWrite(t);
        }));
    }

    private void enterFirstWrite(long t) {
        ccm.setState(SessionState.FIRST_WRITE);
        stepStarted(HandshakeStep.FIRST_RDMA_WRITE);
        channel.writePartnerMailbox(t, mailbox(CcmProtocol.STEP_HELLO), c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.FIRST_RDMA_WRITE, c.status().toString());
                return;
            }
            stepSucceeded(HandshakeStep.FIRST_RDMA_WRITE, "hello of attempt " + ccm.attempt() + " written");
            enterSecondRead(t, 1);
        });
    }

    private void enterSecondRead(long t, int poll) {
        ccm.setState(SessionState.SECOND_READ);
        if (poll == 1) {
            stepStarted(HandshakeStep.SECOND_RDMA_READ);
        }
        channel.readPartnerStatus(t, readThen(HandshakeStep.SECOND_RDMA_READ, s -> {
            if (s.generation() != partnerGeneration) {
                stepFailed(HandshakeStep.SECOND_RDMA_READ, "partner restarted: generation " + partnerGeneration
                        + " became " + s.generation());
                return;
            }
            if (!s.acknowledges(ccm.node(), ccm.generation(), ccm.attempt())) {
                if (poll >= ccm.config().ackPolls()) {
                    stepFailed(HandshakeStep.SECOND_RDMA_READ, "partner did not acknowledge the hello after "
                            + poll + " reads");
                    return;
                }
                ccm.pollAgain(t, () -> enterSecondRead(t, poll + 1));
                return;
            }
            stepSucceeded(HandshakeStep.SECOND_RDMA_READ, "partner acknowledged the hello after " + poll
                    + (poll == 1 ? " read" : " reads"));
            enterSecondWrite(t);
        }));
    }

    private void enterSecondWrite(long t) {
        ccm.setState(SessionState.SECOND_WRITE);
        stepStarted(HandshakeStep.SECOND_RDMA_WRITE);
        channel.writePartnerMailbox(t, mailbox(CcmProtocol.STEP_CONFIRM), c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.SECOND_RDMA_WRITE, c.status().toString());
                return;
            }
            stepSucceeded(HandshakeStep.SECOND_RDMA_WRITE, "confirm written");
            ccm.established(t);
        });
    }

    /** A read's completion: a failed read or an undecodable variable fails the step, else {@code then}. */
    private Consumer<Completion> readThen(HandshakeStep step, Consumer<BootStatus> then) {
        return c -> {
            if (!c.isSuccess()) {
                stepFailed(step, c.status().toString());
                return;
            }
            BootStatus s;
            try {
                s = channel.partnerStatusRead();
            } catch (CcmProtocolException e) {
                stepFailed(step, e.getMessage());
                return;
            }
            then.accept(s);
        };
    }

    private Mailbox mailbox(int step) {
        return new Mailbox(ccm.node(), ccm.generation(), ccm.attempt(), step);
    }

    // ------------------------------------------------------------------ responder

    /** The firmware saw an RDMA write with immediate data land in this node's status variable. */
    void onMailboxWrite(int immediate) {
        Mailbox m = channel.ownStatus().mailbox();
        if (m == null || m.writer() == null || m.step() != immediate) {
            ccm.event(CcmEvent.Kind.PROTOCOL_ERROR, "mailbox write " + immediate + " left " + m);
            return;
        }
        if (immediate == CcmProtocol.STEP_HELLO) {
            onHello(m);
        } else if (immediate == CcmProtocol.STEP_CONFIRM) {
            onConfirm(m);
        } else {
            ccm.event(CcmEvent.Kind.PROTOCOL_ERROR, "unknown mailbox step " + immediate);
        }
    }

    /** A hello in the mailbox: answer it, unless ours crossed it and this node keeps the initiator role. */
    void onHello(Mailbox m) {
        SessionState s = ccm.state();
        if (s == SessionState.DOWN || s == SessionState.FAILED) {
            return;
        }
        boolean wroteOurHello = ccm.role() == Role.INITIATOR && (s == SessionState.FIRST_WRITE
                || s == SessionState.SECOND_READ || s == SessionState.SECOND_WRITE);
        if (wroteOurHello && ccm.node().compareTo(m.writer()) < 0) {
            ccm.event(CcmEvent.Kind.HELLO_IGNORED, "hello of " + m.writer() + " crossed ours; " + ccm.node()
                    + " has the lower node name and stays initiator");
            return;
        }
        if (ccm.hasFault(CcmFault.HELLO_UNACKNOWLEDGED)) {
            ccm.event(CcmEvent.Kind.HELLO_IGNORED, "hello of " + m.writer() + " left unacknowledged ("
                    + CcmFault.HELLO_UNACKNOWLEDGED + ")");
            return;
        }
        if (s.isLive()) {
            // We were initiating (and yield), or the partner started over: drop what we had, keep the boot VI.
            ccm.resetSession("partner " + m.writer() + " started a handshake (attempt " + m.attempt() + ")");
        }
        enterAwaitingConfirmation(m);
    }

    private void enterAwaitingConfirmation(Mailbox m) {
        ccm.respondTo(m.writer(), "no confirm from " + m.writer());
        acknowledgedHello = m;
        channel.writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, m);
        ccm.setState(SessionState.AWAITING_CONFIRMATION);
        ccm.event(CcmEvent.Kind.HELLO_ACKNOWLEDGED, "hello of " + m.writer() + " generation "
                + m.writerGeneration() + " attempt " + m.attempt() + " acknowledged in the status variable");
    }

    private void onConfirm(Mailbox m) {
        Mailbox hello = acknowledgedHello;
        if (ccm.state() != SessionState.AWAITING_CONFIRMATION || hello == null || !hello.writer().equals(m.writer())
                || hello.writerGeneration() != m.writerGeneration() || hello.attempt() != m.attempt()) {
            ccm.event(CcmEvent.Kind.PROTOCOL_ERROR, "confirm of " + m.writer() + " attempt " + m.attempt()
                    + " does not match an acknowledged hello: ignored");
            return;
        }
        ccm.established(ccm.token());
    }

    // ------------------------------------------------------------------ events and the error path

    private void stepStarted(HandshakeStep s) {
        ccm.event(CcmEvent.Kind.STEP_STARTED, s.toString());
    }

    private void stepSucceeded(HandshakeStep s, String detail) {
        ccm.event(CcmEvent.Kind.STEP_SUCCEEDED, s + ": " + detail);
    }

    private void stepFailed(HandshakeStep s, String why) {
        ccm.event(CcmEvent.Kind.STEP_FAILED, s + ": " + why);
        ccm.attemptFailed(s + " failed: " + why);
    }
}
