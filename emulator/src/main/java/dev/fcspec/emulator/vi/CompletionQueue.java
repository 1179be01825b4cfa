package dev.fcspec.emulator.vi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A completion queue (VIA CQ): collects completions of one or more VIs' work queues. A consumer either polls
 * it, or registers a listener that is told of each completion as it is queued (the completion stays queued
 * for pollers unless a listener {@linkplain #setConsumeOnNotify(boolean) consumes} it).
 */
public final class CompletionQueue {

    private final String name;
    private final Deque<Completion> queue = new ArrayDeque<>();
    private final List<Completion> history = new ArrayList<>();
    private final List<Consumer<Completion>> listeners = new ArrayList<>();
    private boolean consumeOnNotify;

    public CompletionQueue(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Calls {@code l} for each completion posted from now on. */
    public void addListener(Consumer<Completion> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<Completion> l) {
        listeners.remove(l);
    }

    /** When true, completions handed to listeners are not kept for {@link #poll()}. */
    public void setConsumeOnNotify(boolean consume) {
        this.consumeOnNotify = consume;
    }

    void post(Completion c) {
        history.add(c);
        if (!(consumeOnNotify && !listeners.isEmpty())) {
            queue.addLast(c);
        }
        // a listener may remove itself (or add another) while it is told
        for (Consumer<Completion> l : List.copyOf(listeners)) {
            l.accept(c);
        }
    }

    /** The oldest completion not yet polled. */
    public Optional<Completion> poll() {
        return Optional.ofNullable(queue.pollFirst());
    }

    public int size() {
        return queue.size();
    }

    /** Every completion ever posted here, in order (for checks and reports). */
    public List<Completion> history() {
        return List.copyOf(history);
    }

    @Override
    public String toString() {
        return "CompletionQueue[" + name + "]";
    }
}
