/**
 * The history checker: every block operation as a client saw it (invocation, then completion, failure or
 * timeout, with the data), and a check that each completed read returned the last write acknowledged before it
 * began or a write whose outcome the client did not know. It checks each block as a read/write register, in the
 * manner of Jepsen's Knossos linearizability checker; no standard defines it.
 *
 * <p>Threading: a {@link dev.fcspec.emulator.history.History} is confined to the scheduler whose clock stamps
 * its operations: record and check from that scheduler's tasks, or, with a {@code VirtualScheduler}, from the
 * thread that drives it. It does not lock.
 */
package dev.fcspec.emulator.history;
