package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated inputs (a few thousand, bounded): the decoder only ever fails with its own typed
 * errors, and every frame it accepts encodes back to the bytes it came from.
 */
@DisplayName("FrameCodec survives random and mutated input")
class FrameDecoderRobustnessTest {

    private static final long SEED = 0x5EED_FC02L;
    private static final int CASES = 6000;

    /** Valid frames of many shapes, the seeds the mutations start from. */
    private static List<byte[]> corpus(SplittableRandom r) {
        List<byte[]> out = new ArrayList<>();
        int[] lengths = {0, 1, 2, 3, 4, 5, 8, 12, 116, 255, 256, 1023, 2048, 2109, 2110, 2111, 2112};
        Sof[] sofs = Sof.values();
        Eof[] eofs = Eof.values();
        for (int len : lengths) {
            byte[] payload = new byte[len];
            r.nextBytes(payload);
            FrameHeader h = new FrameHeader(r.nextInt(256), new FcId(r.nextInt(1 << 24)), r.nextInt(256),
                    new FcId(r.nextInt(1 << 24)), r.nextInt(256), r.nextInt(1 << 24), r.nextInt(256), r.nextInt(256),
                    r.nextInt(1 << 16), r.nextInt(1 << 16), r.nextInt(1 << 16), r.nextInt());
            out.add(FrameCodec.encode(Frame.of(sofs[r.nextInt(sofs.length)], h, payload, eofs[r.nextInt(eofs.length)])));
        }
        return out;
    }

    private static byte[] fixCrc(byte[] b) {
        if (b.length >= FrameCodec.MIN_LENGTH) {
            CRC32 crc = new CRC32();
            crc.update(b, 4, b.length - 12);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 8, (int) crc.getValue());
        }
        return b;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        switch (r.nextInt(9)) {
            case 0 -> { // flip a few bits anywhere
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // overwrite a byte, then keep the CRC right so later checks run
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                fixCrc(b);
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
            case 3 -> { // extend with random words, CRC kept right
                byte[] ext = Arrays.copyOf(b, b.length + 4 * (1 + r.nextInt(600)));
                System.arraycopy(b, b.length - 4, ext, ext.length - 4, 4);
                for (int i = b.length - 8; i < ext.length - 8; i++) {
                    ext[i] = (byte) r.nextInt(256);
                }
                b = fixCrc(ext);
            }
            case 4 -> { // change the F_CTL fill count
                b[4 + 11] = (byte) (b[4 + 11] & ~3 | r.nextInt(4));
                fixCrc(b);
            }
            case 5 -> { // write into the fill bytes
                b[b.length - 9 - r.nextInt(3)] = (byte) (1 + r.nextInt(255));
                fixCrc(b);
            }
            case 6 -> { // random delimiters
                b[r.nextInt(4)] = (byte) r.nextInt(256);
                b[b.length - 1 - r.nextInt(4)] = (byte) r.nextInt(256);
            }
            case 7 -> { // EOF with positive running disparity
                b[b.length - 3] = (byte) (b[b.length - 3] == (byte) 0x8A ? 0xAA : 0xB5);
            }
            default -> { // a random length that is a word multiple
                b = Arrays.copyOf(b, 4 * r.nextInt(600));
                fixCrc(b);
            }
        }
        return b;
    }

    private static void decodeAndCheck(byte[] input, Map<FrameDecodeException.Defect, Integer> seen, int[] accepted) {
        Frame f;
        try {
            f = FrameCodec.decode(input);
        } catch (FrameDecodeException e) {
            assertThat(e.defect()).isNotNull();
            assertThat(e.getMessage()).startsWith(e.defect().name() + ": ");
            seen.merge(e.defect(), 1, Integer::sum);
            return;
        } catch (WireFormatException e) {
            seen.merge(null, 1, Integer::sum);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("decoder threw " + e + " for " + Arrays.toString(input), e);
        }
        accepted[0]++;
        byte[] again = FrameCodec.encode(f);
        assertThat(again.length).isEqualTo(input.length);
        assertThat(Arrays.copyOf(again, again.length - 4)).isEqualTo(Arrays.copyOf(input, input.length - 4));
        assertThat(Eof.fromOrderedSet(input, input.length - 4)).isEqualTo(f.eof());
        if (input[input.length - 3] == (byte) 0x95 || input[input.length - 3] == (byte) 0x8A) {
            assertThat(again).as("negative disparity: byte for byte").isEqualTo(input);
        }
    }

    @Test
    void mutatedFramesFailOnlyWithTypedErrorsAndAcceptedOnesReEncodeIdentically() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<byte[]> corpus = corpus(r);
        Map<FrameDecodeException.Defect, Integer> seen = new EnumMap<>(FrameDecodeException.Defect.class);
        Map<FrameDecodeException.Defect, Integer> seenOrNull = new java.util.HashMap<>();
        int[] accepted = {0};
        for (byte[] seed : corpus) {
            decodeAndCheck(seed, seenOrNull, accepted);
        }
        assertThat(accepted[0]).as("the unmutated corpus decodes").isEqualTo(corpus.size());
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(corpus.get(r.nextInt(corpus.size())), r);
            if (r.nextInt(4) == 0) {
                input = mutate(input.length >= FrameCodec.MIN_LENGTH ? input : corpus.get(0), r);
            }
            decodeAndCheck(input, seenOrNull, accepted);
        }
        seenOrNull.forEach((k, v) -> {
            if (k == null) {
                fail("a plain WireFormatException escaped the frame decoder " + v + " times");
            } else {
                seen.put(k, v);
            }
        });

        assertThat(seen.keySet()).as("the mutations reach every defect").containsExactlyInAnyOrder(
                FrameDecodeException.Defect.values());
        assertThat(accepted[0]).as("some mutations still decode").isGreaterThan(corpus.size());
    }

    @Test
    void randomBytesFailOnlyWithTypedErrors() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        Map<FrameDecodeException.Defect, Integer> seen = new java.util.HashMap<>();
        int[] accepted = {0};
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[r.nextInt(2400)];
            r.nextBytes(b);
            if (r.nextBoolean() && b.length >= 8) {
                // plausible delimiters make the decoder look further in
                System.arraycopy(FrameCodec.encode(Frame.single(
                        FrameHeader.of(RCtl.ELS_REQ, FcId.BROADCAST, FcId.UNASSIGNED, FcType.ELS, FCtl.REQUEST, 1),
                        new byte[0])), 0, b, 0, 4);
                b[b.length - 4] = (byte) 0xBC;
                b[b.length - 3] = (byte) 0x95;
                b[b.length - 2] = 0x75;
                b[b.length - 1] = 0x75;
                b = fixCrc(Arrays.copyOf(b, b.length & ~3));
            }
            decodeAndCheck(b, seen, accepted);
        }
        assertThat(seen).doesNotContainKey(null);
        assertThat(seen.values().stream().mapToInt(Integer::intValue).sum() + accepted[0]).isEqualTo(3000);
    }

    @Test
    void theTextParsersFailOnlyWithTypedErrors() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        String alphabet = "0123456789abcdefABCDEFxX:.-_ g\u0660\uff10";
        for (int i = 0; i < 4000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(40); n > 0; n--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            try {
                Wwn w = Wwn.parse(text);
                assertThat(Wwn.parse(w.toString())).isEqualTo(w);
            } catch (InvalidWwnException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            try {
                FcId id = FcId.parse(text);
                assertThat(FcId.parse(id.toString())).isEqualTo(id);
            } catch (InvalidFcIdException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
