package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SequenceSegmenter cuts a payload into the frames of one sequence")
class SequenceSegmenterTest {

    private static final FcId INITIATOR = FcId.of(1, 2, 0);
    private static final FcId TARGET = FcId.of(1, 3, 0);

    /** FCP read data from the target: Exchange Context responder, relative offset present. */
    private static final FrameHeader DATA = new FrameHeader(RCtl.FCP_DATA, INITIATOR, 0, TARGET, FcType.FCP,
            FCtl.EX_CTX | FCtl.REL_OFF, 0x05, 0, 0, 0x1234, 0x0042, 0);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void cutsIntoFramesOfTheReceiveDataFieldSizeWithTheRestInTheLast() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(5000), 2048);

        assertThat(frames).extracting(Frame::payloadLength).containsExactly(2048, 2048, 904);
        byte[] joined = new byte[5000];
        int at = 0;
        for (Frame f : frames) {
            System.arraycopy(f.payload(), 0, joined, at, f.payloadLength());
            at += f.payloadLength();
        }
        assertThat(joined).isEqualTo(bytes(5000));
    }

    @Test
    void seqCntIncreasesFromTheTemplatesAndSeqIdIsKept() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(1000), 256);

        assertThat(frames).extracting(f -> f.header().seqCnt()).containsExactly(0, 1, 2, 3);
        assertThat(frames).extracting(f -> f.header().seqId()).containsOnly(0x05);
        assertThat(SequenceSegmenter.segment(DATA.withSeqCnt(7), bytes(1000), 256))
                .extracting(f -> f.header().seqCnt()).containsExactly(7, 8, 9, 10);
        assertThat(SequenceSegmenter.segment(DATA.withSeqCnt(0xFFFE), bytes(1000), 256))
                .as("SEQ_CNT wraps").extracting(f -> f.header().seqCnt()).containsExactly(0xFFFE, 0xFFFF, 0, 1);
    }

    @Test
    void relativeOffsetIsTheBytesBeforeTheFrameWithRelOffSet() {
        List<Frame> frames = SequenceSegmenter.segment(DATA.withParameter(8192), bytes(1000), 256);

        assertThat(frames).extracting(f -> f.header().parameter()).containsExactly(8192, 8448, 8704, 8960);
        assertThat(frames).allSatisfy(f -> assertThat(f.header().has(FCtl.REL_OFF)).isTrue());
    }

    @Test
    void withoutRelOffTheParameterIsCopied() {
        FrameHeader ct = new FrameHeader(RCtl.CT_REQ, FcId.DIRECTORY_SERVER, 0, INITIATOR, FcType.CT, FCtl.REQUEST,
                0, 0, 0, 7, 0xFFFF, 0);
        List<Frame> frames = SequenceSegmenter.segment(ct, bytes(600), 256);

        assertThat(frames).extracting(f -> f.header().parameter()).containsOnly(0);
        assertThat(frames).allSatisfy(f -> assertThat(f.header().has(FCtl.REL_OFF)).isFalse());
    }

    @Test
    void firstFrameHasSofi3AndTheRestSofn3EofnUntilTheLastWithEoft() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(1000), 256);

        assertThat(frames).extracting(Frame::sof).containsExactly(Sof.SOFI3, Sof.SOFN3, Sof.SOFN3, Sof.SOFN3);
        assertThat(frames).extracting(Frame::eof).containsExactly(Eof.EOFN, Eof.EOFN, Eof.EOFN, Eof.EOFT);
    }

    @Test
    void endSequenceAndTheLastFrameBitsAreOnTheLastFrameOnly() {
        FrameHeader rsp = DATA.withFCtl(FCtl.EX_CTX | FCtl.FIRST_SEQ | FCtl.LAST_SEQ | FCtl.SEQ_INIT | FCtl.END_SEQ
                | FCtl.REL_OFF | FCtl.CONTINUE_SEQ_COND | 3);
        List<Frame> frames = SequenceSegmenter.segment(rsp, bytes(600), 256);

        for (Frame f : frames.subList(0, 2)) {
            assertThat(f.header().fCtl()).isEqualTo(FCtl.EX_CTX | FCtl.FIRST_SEQ | FCtl.REL_OFF);
        }
        assertThat(frames.get(2).header().fCtl()).isEqualTo(FCtl.EX_CTX | FCtl.FIRST_SEQ | FCtl.LAST_SEQ
                | FCtl.SEQ_INIT | FCtl.END_SEQ | FCtl.REL_OFF | FCtl.CONTINUE_SEQ_COND);
    }

    @Test
    void endSequenceIsSetOnTheLastFrameEvenWhenTheTemplateLacksIt() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(300), 256);

        assertThat(frames).extracting(f -> f.header().has(FCtl.END_SEQ)).containsExactly(false, true);
    }

    @Test
    void onlyTheLastFrameHasFillBytes() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(515), 256);

        assertThat(frames).extracting(f -> FCtl.fill(f.header().fCtl())).containsExactly(0, 0, 1);
        assertThat(frames).extracting(Frame::payloadLength).containsExactly(256, 256, 3);
    }

    @Test
    void otherHeaderFieldsComeFromTheTemplate() {
        FrameHeader t = new FrameHeader(RCtl.FCP_DATA, INITIATOR, 0x2A, TARGET, FcType.FCP, FCtl.REL_OFF, 9, 0, 0,
                0x1111, 0x2222, 0);
        for (Frame f : SequenceSegmenter.segment(t, bytes(700), 256)) {
            FrameHeader h = f.header();
            assertThat(h.rCtl()).isEqualTo(RCtl.FCP_DATA);
            assertThat(h.dId()).isEqualTo(INITIATOR);
            assertThat(h.sId()).isEqualTo(TARGET);
            assertThat(h.csCtl()).isEqualTo(0x2A);
            assertThat(h.type()).isEqualTo(FcType.FCP);
            assertThat(h.oxId()).isEqualTo(0x1111);
            assertThat(h.rxId()).isEqualTo(0x2222);
            assertThat(h.dfCtl()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 255, 256, 257, 2112, 2113, 65536})
    void aPayloadNeedsCeilLengthOverSizeFramesAndAtLeastOne(int n) {
        List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(n), 256);

        assertThat(frames).hasSize(Math.max(1, (n + 255) / 256)).hasSize(SequenceSegmenter.frameCount(n, 256));
        assertThat(frames).allSatisfy(f -> assertThat(f.payloadLength()).isLessThanOrEqualTo(256));
        assertThat(frames.stream().mapToInt(Frame::payloadLength).sum()).isEqualTo(n);
    }

    @Test
    void anEmptyPayloadIsOneFrameThatOpensAndEndsTheSequence() {
        List<Frame> frames = SequenceSegmenter.segment(DATA, new byte[0], 2048);

        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.sof()).isEqualTo(Sof.SOFI3);
            assertThat(f.eof()).isEqualTo(Eof.EOFT);
            assertThat(f.header().has(FCtl.END_SEQ)).isTrue();
            assertThat(f.payloadLength()).isZero();
        });
    }

    @Test
    void theLargestDataFieldIs2112() {
        assertThat(SequenceSegmenter.segment(DATA, bytes(4224), 2112)).extracting(Frame::payloadLength)
                .containsExactly(2112, 2112);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -4, 2, 6, 2113, 2116, 4096})
    void receiveDataFieldSizesThatAreNotWordMultiplesUpTo2112AreRefused(int size) {
        assertThatThrownBy(() -> SequenceSegmenter.segment(DATA, bytes(10), size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receive data field size " + size);
    }

    @Test
    void moreThan65536FramesIsRefused() {
        assertThatThrownBy(() -> SequenceSegmenter.segment(DATA, new byte[65537 * 4], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537 frames");
        assertThat(SequenceSegmenter.segment(DATA, new byte[65536 * 4], 4)).hasSize(65536);
    }

    @Test
    void relativeOffsetsPast4GiBAreRefused() {
        assertThatThrownBy(() -> SequenceSegmenter.segment(DATA.withParameter(-100), bytes(200), 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^32");
    }

    @Test
    void optionalHeadersAreRefused() {
        assertThatThrownBy(() -> SequenceSegmenter.segment(
                new FrameHeader(RCtl.FCP_DATA, INITIATOR, 0, TARGET, FcType.FCP, 0, 0, 0x20, 0, 1, 2, 0), bytes(10), 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DF_CTL 0x20");
    }

    @Test
    void segmentsReassembleToThePayload() {
        byte[] payload = bytes(10_000);
        SequenceReassembler r = SequenceReassembler.inOrder(2048, 1 << 20);
        ReassembledSequence seq = null;
        for (Frame f : SequenceSegmenter.segment(DATA, payload, 2048)) {
            seq = r.add(FrameCodec.decode(FrameCodec.encode(f))).orElse(null);
        }

        assertThat(seq).isNotNull();
        assertThat(seq.payload()).isEqualTo(payload);
        assertThat(seq.frameCount()).isEqualTo(5);
        assertThat(seq.seqId()).isEqualTo(5);
        assertThat(seq.length()).isEqualTo(10_000);
        assertThat(seq.firstHeader().seqCnt()).isZero();
        assertThat(seq.lastHeader().has(FCtl.END_SEQ)).isTrue();
    }
}
