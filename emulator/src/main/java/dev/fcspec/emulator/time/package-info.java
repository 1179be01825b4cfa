/**
 * Time for the emulator: every delay, timeout and random draw goes through a
 * {@link dev.fcspec.emulator.time.Scheduler}, never through the system clock or {@code Thread.sleep}.
 * {@link dev.fcspec.emulator.time.VirtualScheduler} runs tasks in (due time, submission order) on the thread
 * that drives it and jumps time to the next task, so a run replays exactly from its seed;
 * {@link dev.fcspec.emulator.time.RealTimeScheduler} runs them on one event thread against the system clock
 * for an emulator that talks to the network; {@link dev.fcspec.emulator.time.WallClockPacer} drives a virtual
 * scheduler from a real-time event thread at the pace of the wall clock, for a bench served to the network
 * ({@code fcspec emulate}). A cancelled {@link dev.fcspec.emulator.time.Timer} leaves either
 * scheduler's queue at once, so what a cancelled timer's task holds is not kept for the rest of a run.
 *
 * <p>Threading: this package is where the threading rule lives. Every other emulator package is confined to
 * its scheduler: its state machines run only in scheduler tasks, one at a time, and need no locks. A
 * virtual scheduler is confined to its driving thread. The real-time scheduler is the one real thread
 * boundary: any thread (a MINA I/O handler, a server shutting down) may hand it work with
 * {@code schedule}/{@code execute}, and that work then runs on the event thread; the pacer's
 * {@code scheduler()} does the same for a paced virtual scheduler.
 */
package dev.fcspec.emulator.time;
