package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.mirror.MirrorEngine.EventKind;
import dev.fcspec.emulator.mirror.MirrorEngine.ServerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A server back after being offline (or after the tie-breaker kept it out) catches up: it tells every peer it
 * is back (REJOIN), learns from their answers which regions were written meanwhile, and copies each of them
 * from a peer (READ_COPY) under write priority, so that no write to the region overtakes the copy. The server
 * is {@link ServerState#RESYNCHRONISING} meanwhile and serves hosts again once every region is current.
 */
final class Resynchroniser {

    private final MirrorEngine engine;

    Resynchroniser(MirrorEngine engine) {
        this.engine = engine;
    }

    /** Starts catching up; {@code done} runs once the server serves hosts again. */
    void start(Runnable done) {
        TreeMap<Long, Integer> regions = new TreeMap<>();
        Set<Integer> asked = engine.reachablePeers();
        int[] pending = {asked.size()};
        Runnable next = () -> {
            if (--pending[0] != 0) {
                return;
            }
            if (engine.peers().size() == 1 && engine.reachablePeers().isEmpty()) {
                // two servers and the peer did not answer: stay out (the tie-breaker retries later)
                engine.enterOnline();
                return;
            }
            if (engine.peers().size() == 1) {
                int peer = engine.peers().keySet().iterator().next();
                engine.tieBreaker().divergentRegions().forEach(r -> regions.putIfAbsent(r, peer));
            }
            resync(new ArrayList<>(regions.keySet()), done);
        };
        if (asked.isEmpty()) {
            resync(List.of(), done);
            return;
        }
        for (int peer : asked) {
            engine.send(peer, MirrorProtocol.OP_REJOIN, new byte[0], reply -> {
                if (reply.status() == MirrorProtocol.STATUS_GOOD) {
                    try {
                        MirrorProtocol.MissedRegions.decode(reply).regions().forEach(r -> regions.putIfAbsent(r, peer));
                    } catch (MirrorDecodeException e) {
                        engine.log(EventKind.REQUEST_REJECTED, peer, -1, 0, "undecodable REJOIN reply: "
                                + e.getMessage());
                    }
                }
                next.run();
            }, next);
        }
    }

    /** Copies the first of {@code regions} under write priority, then the rest. */
    private void resync(List<Long> regions, Runnable done) {
        if (engine.state() != ServerState.RESYNCHRONISING) {
            return;
        }
        if (regions.isEmpty()) {
            engine.enterOnline();
            engine.log(EventKind.RESYNCHRONISED, 0, -1, 0, "");
            Set<Integer> reachable = engine.reachablePeers();
            if (!reachable.isEmpty()) {
                engine.tieBreaker().caughtUp(reachable.iterator().next());
            }
            done.run();
            return;
        }
        long region = regions.get(0);
        List<Long> rest = regions.subList(1, regions.size());
        int regionBlocks = engine.regionBlocks();
        long lba = region * regionBlocks;
        int blocks = (int) Math.min(regionBlocks, engine.device().blocks() - lba);
        Set<Integer> asked = engine.reachablePeers();
        PolicingModule.Claim[] claim = new PolicingModule.Claim[1];
        claim[0] = engine.policing().request(region, region, asked, () -> engine.scheduler().execute(() ->
                copyRegion(new ArrayList<>(engine.reachablePeers()), lba, blocks, () -> {
                    engine.policing().release(claim[0]);
                    engine.log(EventKind.REGION_RESYNCHRONISED, 0, lba, blocks, "region " + region);
                    resync(rest, done);
                })));
        engine.askForPriority(claim[0], region, region, asked);
    }

    /** Reads the region from the first candidate that has it; with none left the region stays as it is. */
    private void copyRegion(List<Integer> candidates, long lba, int blocks, Runnable then) {
        if (candidates.isEmpty()) {
            then.run();
            return;
        }
        int peer = candidates.remove(0);
        MassStorageDevice device = engine.device();
        byte[] request = new MirrorProtocol.ReadCopy(lba, blocks, device.blockSize()).encode();
        engine.send(peer, MirrorProtocol.OP_READ_COPY, request, reply -> {
            if (reply.status() == MirrorProtocol.STATUS_GOOD
                    && reply.parameters().length == blocks * device.blockSize()) {
                try {
                    device.write(lba, reply.parameters());
                    engine.tieBreaker().converged(lba / engine.regionBlocks());
                } catch (IOException e) {
                    // the own device failed meanwhile: nothing to catch up on
                }
                then.run();
            } else {
                copyRegion(candidates, lba, blocks, then);
            }
        }, () -> copyRegion(candidates, lba, blocks, then));
    }
}
