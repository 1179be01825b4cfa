/**
 * Extended Link Service payloads (FC-LS): immutable records with {@code encode()}, strict decoding through
 * {@link dev.fcspec.emulator.port.els.ElsCodec} ({@code decodeRequest(bytes)}, {@code decodeReply(requestCommand,
 * bytes)}). A payload that does not decode raises {@link dev.fcspec.emulator.port.els.ElsDecodeException}, whose
 * {@code toLsRjt()} is the LS_RJT a responder sends (0x03/0x2D bad length, 0x01/0x00 undefined command,
 * 0x0B/0x00 unsupported command, 0x03/0x07 bad receive data field size, 0x03/0x0D and 0x03/0x0E invalid names).
 * Codes: {@link dev.fcspec.emulator.port.els.ElsCommand}, {@link dev.fcspec.emulator.port.els.LsRjtReason},
 * {@link dev.fcspec.emulator.port.els.LsRjtExplanation}, {@link dev.fcspec.emulator.port.els.CommonFeatures},
 * {@link dev.fcspec.emulator.port.els.PrliConstants}.
 */
package dev.fcspec.emulator.port.els;
