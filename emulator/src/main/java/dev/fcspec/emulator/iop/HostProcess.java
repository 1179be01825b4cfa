package dev.fcspec.emulator.iop;

/** A process of the node that uses an I/O processor's message interface and is told of completions. */
@FunctionalInterface
public interface HostProcess {
    void completed(HostCompletion completion);
}
