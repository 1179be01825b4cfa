/**
 * The exchange manager (FC-FS): one per physical port, shared with its virtual ports. OX_ID/RX_ID allocation
 * (round-robin, never an active or recovering X_ID, never 0xFFFF), sequence segmentation (the wire layer's
 * {@code SequenceSegmenter}) and reassembly with SEQ_ID/SEQ_CNT/relative-offset checks, E_D_TOV between the
 * frames of a sequence, per-exchange timeouts (ELS_TOV = 2 x R_A_TOV for requests), ABTS answered with BA_ACC
 * or BA_RJT (0x03/0x03 for an unknown exchange), R_A_TOV recovery hold, duplicate-frame suppression.
 * {@link dev.fcspec.emulator.port.exchange.Exchange#done()} completes once, on the scheduler; an aborted
 * exchange never completes later.
 *
 * <p>Every FC-4 runs on it (libfc's {@code exch_seq_send} / {@code fc4_prov} model):
 * <ul>
 *   <li>{@link dev.fcspec.emulator.port.exchange.Fc4Port} is what an FC-4 needs of its port: originate
 *       exchanges ({@code sendRequest}: a request sequence on a new exchange whose replies go to a
 *       {@link dev.fcspec.emulator.port.exchange.SequenceHandler}, aborted with ABTS unless it ends in time),
 *       and {@code serve} its TYPE with an {@link dev.fcspec.emulator.port.exchange.Fc4Service}, which gets the
 *       first sequence of each exchange a remote port opens and answers on it. A logged-in N_Port or NPIV port
 *       is one ({@code LocalPort.fc4Port()}); so is a
 *       {@link dev.fcspec.emulator.port.exchange.DedicatedLinkPort}, a port at a fixed address on a link that
 *       carries only FC-4 traffic, with its own exchange manager and no login.</li>
 *   <li>The one duplicate-request cache: a service that names its
 *       {@link dev.fcspec.emulator.port.exchange.DuplicateRequests} (what makes a request the same request: its
 *       OX_ID, or an identifier in its payload for an FC-4 that retransmits on a new exchange) has the first
 *       reply it sent to each request remembered, bounded; a request seen again with the same bytes is
 *       answered with that reply by the manager and never handed to the FC-4 again
 *       ({@code onAnsweredAgain} tells it). For such an FC-4 the frame-level duplicate suppression steps
 *       aside, so that a duplicated request is answered.</li>
 *   <li>A frame of a served TYPE from a responder that belongs to no open exchange (a second reply after the
 *       exchange ended) is counted and handed to the service's {@code onStray}.</li>
 * </ul>
 *
 * <p>Threading: confined to the port's scheduler; timers (exchange timeouts, E_D_TOV, R_A_TOV) run on it.
 */
package dev.fcspec.emulator.port.exchange;
