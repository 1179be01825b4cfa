package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.mirror.MirrorEngine.EventKind;
import dev.fcspec.emulator.mirror.MirrorEngine.ServerState;
import java.io.IOException;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * What a server does with the requests of its peers: one method per opcode, each checking its parameters
 * against the own device before acting. A request from a server that is not a member, or with parameters that
 * do not fit, changes nothing and is answered with the status naming why (the {@link MirrorChannel} answers
 * what cannot be decoded).
 */
final class MirrorRequestHandler implements MirrorChannel.Inbound {

    private final MirrorEngine engine;

    MirrorRequestHandler(MirrorEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean accepting() {
        return engine.state() == ServerState.ONLINE || engine.state() == ServerState.RESYNCHRONISING;
    }

    @Override
    public void onDefect(int peer, long lba, int blocks, String why) {
        engine.log(EventKind.REQUEST_REJECTED, peer, lba, blocks, why);
    }

    @Override
    public void onRequest(int from, MirrorMessage m, Consumer<MirrorMessage> reply) throws MirrorDecodeException {
        if (from < 0 || !engine.peers().containsKey(from) || m.serverId() != from) {
            onDefect(Math.max(from, 0), -1, 0, "not a member: server " + m.serverId());
            reply.accept(m.reply(engine.serverId(), MirrorProtocol.STATUS_NOT_A_MEMBER, new byte[0]));
            return;
        }
        switch (m.opcode()) {
            case MirrorProtocol.OP_PRIORITY_REQUEST -> onPriorityRequest(from, m, reply);
            case MirrorProtocol.OP_WRITE_COPY -> onWriteCopy(from, m, reply);
            case MirrorProtocol.OP_REJOIN -> onRejoin(from, m, reply);
            case MirrorProtocol.OP_READ_COPY -> onReadCopy(from, m, reply);
            default -> throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_OPCODE, m.opcode(),
                    m.messageId(), MirrorProtocol.opcodeName(m.opcode()));
        }
    }

    /** Granted once this server holds no overlapping priority and requests none that ranks higher. */
    private void onPriorityRequest(int from, MirrorMessage m, Consumer<MirrorMessage> reply)
            throws MirrorDecodeException {
        MirrorProtocol.PriorityRequest r = MirrorProtocol.PriorityRequest.decode(m);
        engine.policing().onRequest(from, r.firstRegion(), r.lastRegion(), r.timestamp(), () -> reply.accept(
                m.reply(engine.serverId(), MirrorProtocol.STATUS_GRANTED, new byte[0])));
    }

    /** The copy of a peer's write, executed on the own device. */
    private void onWriteCopy(int from, MirrorMessage m, Consumer<MirrorMessage> reply) throws MirrorDecodeException {
        MirrorProtocol.WriteCopy w = MirrorProtocol.WriteCopy.decode(m);
        int status = checkRange(w.lba(), w.blocks(), w.blockSize());
        if (status == MirrorProtocol.STATUS_GOOD) {
            try {
                engine.device().write(w.lba(), w.data());
                engine.log(EventKind.COPY_EXECUTED, from, w.lba(), w.blocks(), "");
                engine.recordMissed(w.lba(), w.blocks());
            } catch (IOException e) {
                status = MirrorProtocol.STATUS_STORAGE_ERROR;
            }
        } else {
            onDefect(from, w.lba(), w.blocks(), MirrorProtocol.statusName(status));
        }
        reply.accept(m.reply(engine.serverId(), status, new byte[0]));
    }

    /** A peer is back: it is reachable again, and learns the regions written here while it was away. */
    private void onRejoin(int from, MirrorMessage m, Consumer<MirrorMessage> reply) throws MirrorDecodeException {
        if (m.parameters().length != 0) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(),
                    m.messageId(), "REJOIN has no parameters, this one has " + m.parameters().length);
        }
        SortedSet<Long> regions = engine.tieBreaker().peerRejoined(from, engine.takeMissed(from));
        List<Long> list = List.copyOf(regions);
        engine.peerBack(from);
        engine.log(EventKind.PEER_REJOINED, from, -1, list.size(), list.toString());
        engine.tieBreaker().peerReached(from, engine.peerName(from) + " rejoined");
        reply.accept(m.reply(engine.serverId(), MirrorProtocol.STATUS_GOOD,
                new MirrorProtocol.MissedRegions(list).encode()));
    }

    /** A peer reads this server's copy (its own device failed, or it is catching up). */
    private void onReadCopy(int from, MirrorMessage m, Consumer<MirrorMessage> reply) throws MirrorDecodeException {
        MirrorProtocol.ReadCopy r = MirrorProtocol.ReadCopy.decode(m);
        int status = checkRange(r.lba(), r.blocks(), r.blockSize());
        if (engine.state() == ServerState.RESYNCHRONISING) {
            status = MirrorProtocol.STATUS_RESYNCHRONISING;
        }
        byte[] data = new byte[0];
        if (status == MirrorProtocol.STATUS_GOOD) {
            data = new byte[r.blocks() * r.blockSize()];
            try {
                engine.device().read(r.lba(), data);
                engine.log(EventKind.COPY_READ_SERVED, from, r.lba(), r.blocks(), "");
            } catch (IOException e) {
                status = MirrorProtocol.STATUS_STORAGE_ERROR;
                data = new byte[0];
            }
        } else {
            onDefect(from, r.lba(), r.blocks(), MirrorProtocol.statusName(status));
        }
        reply.accept(m.reply(engine.serverId(), status, data));
    }

    private int checkRange(long lba, int blocks, int blockSize) {
        MassStorageDevice device = engine.device();
        if (blockSize != device.blockSize()) {
            return MirrorProtocol.STATUS_INVALID_PARAMETERS;
        }
        if (lba < 0 || blocks < 1 || lba + blocks > device.blocks()) {
            return MirrorProtocol.STATUS_OUT_OF_RANGE;
        }
        return MirrorProtocol.STATUS_GOOD;
    }
}
