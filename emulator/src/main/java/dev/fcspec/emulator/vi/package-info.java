/**
 * FC-VI: the VI Architecture mapped onto Fibre Channel, as the FC-4 of TYPE 0x58 of a port.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.vi.FcviPort}: the VI provider of one port (a "VI NIC"), with the node's
 *       {@link dev.fcspec.emulator.vi.HostMemory}, its memory registrations and its
 *       {@link dev.fcspec.emulator.vi.VirtualInterface}s. It runs on an N_Port or NPIV port of a fabric
 *       ({@link dev.fcspec.emulator.vi.FcviOverPort}, after login) or on a port at a fixed address of a
 *       dedicated link (the constructors that take a frame consumer) alike: every IU travels in an exchange of
 *       the port's exchange manager ({@code port/exchange}), which holds the X_IDs, the FCVI_ULP_TIMEOUT of
 *       each request (an exchange not answered in time is aborted with ABTS), and the duplicate-request cache
 *       that answers a duplicated request with the response already sent.</li>
 *   <li>Blocks, one file each: {@code ConnectRequester} and {@code ConnectResponder} (the three-step
 *       connection setup, CONNECT_RQST and RESP1/2/3 in one exchange), {@code DataInitiator} and
 *       {@code DataTarget} (send, RDMA write, RDMA read), {@code MemoryRegistry} (registration and
 *       protection checks); {@link dev.fcspec.emulator.vi.FcviProtocol} is the IU codec, apart from them.</li>
 *   <li>Completions go to {@link dev.fcspec.emulator.vi.CompletionQueue}s; what a provider reports outside them
 *       (refusals, duplicates, unmatched responses, timeouts) is a {@link dev.fcspec.emulator.vi.ViEvent}.</li>
 * </ul>
 *
 * <p>Sources: the IU names and the three-step connection setup are those of INCITS 357-2002 (FC-VI), as far
 * as its public table of contents shows; completion status, operations, reliability levels and memory
 * attributes follow VI Architecture 1.0 ({@code vipl.h}). Everything else on the wire (IU layout, codes,
 * R_CTL per IU) is emulator-defined and documented in {@link dev.fcspec.emulator.vi.FcviProtocol}.
 *
 * <p>Threading: confined to the scheduler of the port it runs on, like the port layer: call providers, VIs,
 * memories and completion queues from scheduler tasks (with a {@code VirtualScheduler}, from the thread that
 * drives it). Completion-queue and event listeners and VI state listeners are called on the scheduler.
 */
package dev.fcspec.emulator.vi;
