/**
 * The FC-2 wire format (FC-FS-4): immutable values for frame headers ({@link dev.fcspec.emulator.wire.FrameHeader},
 * R_CTL, TYPE, F_CTL, N_Port_IDs, WWNs), start and end of frame delimiters, the frame CRC, and
 * {@link dev.fcspec.emulator.wire.FrameCodec}, which encodes a frame as its delimited bytes and decodes them
 * strictly (every defect a typed {@link dev.fcspec.emulator.wire.FrameDecodeException}). Sequences are split
 * into frames by {@link dev.fcspec.emulator.wire.SequenceSegmenter} and put back together, with SEQ_ID,
 * SEQ_CNT and relative-offset checks, by {@link dev.fcspec.emulator.wire.SequenceReassembler}.
 * {@link dev.fcspec.emulator.wire.PcapWriter} writes frames as classic pcap (the libpcap file format, link
 * type 225 LINKTYPE_FC_2_WITH_FRAME_DELIMS, nanosecond time stamps), which tshark checks in the build.
 *
 * <p>Threading: the values and codecs are immutable or stateless and safe anywhere. A reassembler or a
 * pcap writer belongs to one owner (a port's exchange, a capture) and is used on that owner's scheduler.
 */
package dev.fcspec.emulator.wire;
