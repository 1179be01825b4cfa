/**
 * Basic Link Services (TYPE 0x00): ABTS, BA_ACC, BA_RJT, decoded by {@link dev.fcspec.emulator.port.bls.BlsCodec}
 * with {@link dev.fcspec.emulator.port.bls.BlsDecodeException} naming the BA_RJT to send; codes in
 * {@link dev.fcspec.emulator.port.bls.BaRjtCodes}.
 */
package dev.fcspec.emulator.port.bls;
