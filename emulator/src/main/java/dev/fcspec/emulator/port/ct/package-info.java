/**
 * FC-CT (Generic Services) codecs: the CT_IU preamble ({@link dev.fcspec.emulator.port.ct.CtPreamble},
 * {@link dev.fcspec.emulator.port.ct.CtIu}), the name-server requests and replies
 * ({@link dev.fcspec.emulator.port.ct.NameServerRequest}, {@link dev.fcspec.emulator.port.ct.NameServerReply}) and
 * every code in {@link dev.fcspec.emulator.port.ct.CtConstants}. Decoding is strict: a
 * {@link dev.fcspec.emulator.port.ct.CtDecodeException} names the defect and the FS_RJT reason and explanation a
 * server answers with.
 */
package dev.fcspec.emulator.port.ct;
