package dev.fcspec.emulator.link;

import dev.fcspec.emulator.wire.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Faults a link injects into the frames it carries: drop, duplicate, corrupt, delay and partition. Rules
 * apply in the order they were added; the first rule whose filter matches a frame and that has uses left
 * acts on it. Probabilistic rules draw from the scheduler's seeded random source, so a run replays exactly.
 */
public final class FaultPlan {

    /** What a rule does to a frame. */
    public enum Action { DROP, DUPLICATE, CORRUPT, DELAY }

    /** One rule. {@code remaining} is the number of frames it still acts on (-1 = unlimited). */
    record Rule(Action action, Predicate<Frame> filter, double probability, Duration delay, long[] remaining) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private boolean partitioned;

    /** Drops the next {@code count} frames that match {@code filter}. */
    public FaultPlan dropNext(int count, Predicate<Frame> filter) {
        rules.add(new Rule(Action.DROP, checkFilter(filter), 1.0, Duration.ZERO, new long[] {checkCount(count)}));
        return this;
    }

    /** Drops each frame with the given probability. */
    public FaultPlan dropWithProbability(double p) {
        rules.add(new Rule(Action.DROP, f -> true, checkProbability(p), Duration.ZERO, new long[] {-1}));
        return this;
    }

    /** Delivers the next {@code count} matching frames twice. */
    public FaultPlan duplicateNext(int count, Predicate<Frame> filter) {
        rules.add(new Rule(Action.DUPLICATE, checkFilter(filter), 1.0, Duration.ZERO, new long[] {checkCount(count)}));
        return this;
    }

    /** Flips one bit of the next {@code count} matching frames, so the receiver sees a bad CRC. */
    public FaultPlan corruptNext(int count, Predicate<Frame> filter) {
        rules.add(new Rule(Action.CORRUPT, checkFilter(filter), 1.0, Duration.ZERO, new long[] {checkCount(count)}));
        return this;
    }

    /** Holds the next {@code count} matching frames back for {@code delay} (later frames may overtake them). */
    public FaultPlan delayNext(int count, Duration delay, Predicate<Frame> filter) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive: " + delay);
        }
        rules.add(new Rule(Action.DELAY, checkFilter(filter), 1.0, delay, new long[] {checkCount(count)}));
        return this;
    }

    /** Cuts the link in both directions until {@link #heal()}. */
    public void partition() {
        partitioned = true;
    }

    public void heal() {
        partitioned = false;
    }

    public boolean isPartitioned() {
        return partitioned;
    }

    /** Removes every rule and heals a partition. */
    public void clear() {
        rules.clear();
        partitioned = false;
    }

    /** The rule that acts on {@code frame}, consuming one of its uses, or null. */
    Rule match(Frame frame, java.util.random.RandomGenerator random) {
        for (Rule r : rules) {
            if (r.remaining()[0] == 0 || !r.filter().test(frame)) {
                continue;
            }
            if (r.probability() < 1.0 && random.nextDouble() >= r.probability()) {
                continue;
            }
            if (r.remaining()[0] > 0) {
                r.remaining()[0]--;
            }
            return r;
        }
        return null;
    }

    private static int checkCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a rule acts on at least one frame, not " + count);
        }
        return count;
    }

    private static Predicate<Frame> checkFilter(Predicate<Frame> filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter is missing (use f -> true for every frame)");
        }
        return filter;
    }

    private static double checkProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("probability must be within 0..1: " + p);
        }
        return p;
    }
}
