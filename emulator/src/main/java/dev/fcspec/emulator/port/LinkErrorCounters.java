package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.RlsAcc;

/** The link error status block an N_Port reports in its RLS LS_ACC. */
public record LinkErrorCounters(int linkFailures, int lossOfSync, int lossOfSignal, int primitiveSequenceErrors,
                                int invalidTransmissionWords, int invalidCrcs) {

    public RlsAcc toRlsAcc() {
        return new RlsAcc(linkFailures, lossOfSync, lossOfSignal, primitiveSequenceErrors, invalidTransmissionWords,
                invalidCrcs);
    }
}
