/**
 * In-memory Fibre Channel links: two {@link dev.fcspec.emulator.link.LinkEnd}s joined by a
 * {@link dev.fcspec.emulator.link.Link} that carries encoded frames (FC-FS-4 frame format, SOF to EOF, CRC
 * included) after its latency, with a {@link dev.fcspec.emulator.link.FaultPlan} that drops, duplicates,
 * corrupts or delays frames and partitions the link, and {@link dev.fcspec.emulator.link.FrameTap}s such as
 * {@link dev.fcspec.emulator.link.CaptureTap}, which records what was transmitted as a pcap file (link type
 * 225, LINKTYPE_FC_2_WITH_FRAME_DELIMS, as Wireshark reads it).
 *
 * <p>A frame travels as bytes, so a corrupted frame reaches the receiver as a bad-CRC frame would on a real
 * link (the receiver's {@code discard}), never as a decoded value.
 *
 * <p>Threading: confined to the scheduler the link was built with. Transmission, delivery, fault rules,
 * counters and taps run on that scheduler (with a {@code VirtualScheduler}, on the thread that drives it);
 * nothing here is locked. Configure faults and read captures from scheduler tasks or, with virtual time,
 * between drive calls.
 */
package dev.fcspec.emulator.link;
