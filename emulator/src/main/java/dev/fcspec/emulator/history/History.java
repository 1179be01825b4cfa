package dev.fcspec.emulator.history;

import dev.fcspec.emulator.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A history of block operations as clients saw them: each operation's invocation, and its completion,
 * failure or timeout, with the data written or read (emulator time). {@link #check()} verifies, block by
 * block, that every completed read returned the last write acknowledged before the read began, or a write
 * that may have taken effect meanwhile (in flight, failed or timed out: a write whose outcome the client does
 * not know may or may not have been applied). A block never written reads as zeros.
 */
public final class History {

    /** How an operation ended. */
    public enum Outcome { PENDING, OK, FAILED, TIMED_OUT }

    /** One operation on one block. */
    public static final class Op {
        final int id;
        final String client;
        final boolean write;
        final String block;
        final long invokedAt;
        byte[] data;
        long endedAt = Long.MAX_VALUE;
        Outcome outcome = Outcome.PENDING;

        Op(int id, String client, boolean write, String block, long invokedAt, byte[] data) {
            this.id = id;
            this.client = client;
            this.write = write;
            this.block = block;
            this.invokedAt = invokedAt;
            this.data = data;
        }

        public int id() {
            return id;
        }

        @Override
        public String toString() {
            return String.format("#%d %s %s %s [%d..%s] %s %s", id, client, write ? "write" : "read", block, invokedAt,
                    endedAt == Long.MAX_VALUE ? "-" : Long.toString(endedAt), outcome, digest(data));
        }
    }

    /** A read that returned data no permitted write explains. */
    public record Violation(Op read, List<Op> permitted, String history) {
        @Override
        public String toString() {
            return "read " + read + " returned data none of these explains: " + permitted + "\n" + history;
        }
    }

    private final Clock clock;
    private final int blockSize;
    private final List<Op> ops = new ArrayList<>();

    public History(Clock clock, int blockSize) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.blockSize = blockSize;
    }

    /** A client starts writing {@code data} (one block) to {@code block} (e.g. "lun2/lba200"). */
    public Op invokeWrite(String client, String block, byte[] data) {
        if (data.length != blockSize) {
            throw new IllegalArgumentException("a write in the history is one block of " + blockSize + " bytes, not "
                    + data.length);
        }
        Op op = new Op(ops.size() + 1, client, true, block, clock.nanoTime(), data.clone());
        ops.add(op);
        return op;
    }

    /** A client starts reading {@code block}. */
    public Op invokeRead(String client, String block) {
        Op op = new Op(ops.size() + 1, client, false, block, clock.nanoTime(), null);
        ops.add(op);
        return op;
    }

    /** The operation completed; for a read, with the data it returned. */
    public void ok(Op op, byte[] readData) {
        end(op, Outcome.OK);
        if (!op.write) {
            op.data = readData.clone();
        }
    }

    public void failed(Op op) {
        end(op, Outcome.FAILED);
    }

    public void timedOut(Op op) {
        end(op, Outcome.TIMED_OUT);
    }

    private void end(Op op, Outcome o) {
        if (op.outcome != Outcome.PENDING) {
            throw new IllegalStateException("operation " + op + " already ended");
        }
        op.outcome = o;
        op.endedAt = clock.nanoTime();
    }

    public List<Op> operations() {
        return List.copyOf(ops);
    }

    /** Every read that returned data no permitted write explains. */
    public List<Violation> check() {
        List<Violation> out = new ArrayList<>();
        for (Op r : ops) {
            if (r.write || r.outcome != Outcome.OK) {
                continue;
            }
            List<Op> writes = ops.stream().filter(w -> w.write && w.block.equals(r.block)).toList();
            Op lastAcked = null;
            for (Op w : writes) {
                if (w.outcome == Outcome.OK && w.endedAt < r.invokedAt
                        && (lastAcked == null || w.endedAt > lastAcked.endedAt)) {
                    lastAcked = w;
                }
            }
            List<Op> permitted = new ArrayList<>();
            if (lastAcked != null) {
                permitted.add(lastAcked);
            }
            for (Op w : writes) {
                boolean ackedBefore = w.outcome == Outcome.OK && w.endedAt < r.invokedAt;
                if (w.invokedAt < r.endedAt && !ackedBefore) {
                    permitted.add(w);
                }
            }
            boolean zerosAllowed = lastAcked == null;
            boolean ok = (zerosAllowed && Arrays.equals(r.data, new byte[r.data.length]))
                    || permitted.stream().anyMatch(w -> Arrays.equals(w.data, r.data));
            if (!ok) {
                StringBuilder h = new StringBuilder("history of " + r.block + ":\n");
                ops.stream().filter(o -> o.block.equals(r.block)).forEach(o -> h.append("  ").append(o).append('\n'));
                out.add(new Violation(r, permitted, h.toString()));
            }
        }
        return out;
    }

    static String digest(byte[] d) {
        if (d == null) {
            return "";
        }
        return HexFormat.of().formatHex(d, 0, Math.min(8, d.length)) + (d.length > 8 ? "..." : "");
    }
}
