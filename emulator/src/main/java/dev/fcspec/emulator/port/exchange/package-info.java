/**
 * The exchange manager (FC-FS): one per physical port, shared with its virtual ports. OX_ID/RX_ID allocation
 * (round-robin, never an active or recovering X_ID, never 0xFFFF), sequence segmentation (the wire layer's
 * {@code SequenceSegmenter}) and reassembly with SEQ_ID/SEQ_CNT/relative-offset checks, E_D_TOV between the
 * frames of a sequence, per-exchange timeouts (ELS_TOV = 2 x R_A_TOV for requests), ABTS answered with BA_ACC
 * or BA_RJT (0x03/0x03 for an unknown exchange), R_A_TOV recovery hold, duplicate-frame suppression.
 * {@link dev.fcspec.emulator.port.exchange.Exchange#done()} completes once, on the scheduler; an aborted
 * exchange never completes later.
 */
package dev.fcspec.emulator.port.exchange;
