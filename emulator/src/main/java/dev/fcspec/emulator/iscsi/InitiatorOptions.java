package dev.fcspec.emulator.iscsi;

import java.util.Objects;
import java.util.Optional;

/**
 * What an initiator offers when it logs in.
 *
 * @param isid                     the ISID (48 bits); the I_T nexus is the initiator name plus this value
 * @param chap                     CHAP name and secret when the target requires authentication
 * @param mutualChap               the target's expected CHAP name and secret, for mutual authentication
 * @param headerDigest             offer CRC32C header digests
 * @param dataDigest               offer CRC32C data digests
 * @param maxRecvDataSegmentLength the largest data segment this initiator accepts
 */
public record InitiatorOptions(long isid, Optional<ChapSecret> chap, Optional<ChapSecret> mutualChap,
                               boolean headerDigest, boolean dataDigest, boolean immediateData, boolean initialR2T,
                               int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                               int maxOutstandingR2T) {
    public InitiatorOptions {
        Objects.requireNonNull(chap, "chap");
        Objects.requireNonNull(mutualChap, "mutualChap");
        if (isid < 0 || isid > 0xFFFFFFFFFFFFL) {
            throw new IllegalArgumentException("ISID is 48 bits");
        }
        if (mutualChap.isPresent() && chap.isEmpty()) {
            throw new IllegalArgumentException("mutual CHAP needs CHAP");
        }
    }

    /** Defaults: ISID 0x023d00000001 (random-number format), no authentication or digests. */
    public static InitiatorOptions defaults() {
        return new InitiatorOptions(0x023d00000001L, Optional.empty(), Optional.empty(), false, false, true, false,
                262144, 262144, 65536, 1);
    }

    public InitiatorOptions withIsid(long v) {
        return new InitiatorOptions(v, chap, mutualChap, headerDigest, dataDigest, immediateData, initialR2T,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, maxOutstandingR2T);
    }

    public InitiatorOptions withChap(ChapSecret c, ChapSecret mutual) {
        return new InitiatorOptions(isid, Optional.of(c), Optional.ofNullable(mutual), headerDigest, dataDigest,
                immediateData, initialR2T, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, maxOutstandingR2T);
    }

    public InitiatorOptions withDigests(boolean header, boolean data) {
        return new InitiatorOptions(isid, chap, mutualChap, header, data, immediateData, initialR2T,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, maxOutstandingR2T);
    }

    public InitiatorOptions withDataTransfer(boolean immediate, boolean r2t, int firstBurst, int maxBurst, int outstanding) {
        return new InitiatorOptions(isid, chap, mutualChap, headerDigest, dataDigest, immediate, r2t,
                maxRecvDataSegmentLength, maxBurst, firstBurst, outstanding);
    }
}
