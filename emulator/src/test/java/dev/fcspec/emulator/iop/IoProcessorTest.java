package dev.fcspec.emulator.iop;

import static dev.fcspec.emulator.iop.TwoNodeIopBench.FC1;
import static dev.fcspec.emulator.iop.TwoNodeIopBench.FC2;
import static dev.fcspec.emulator.iop.TwoNodeIopBench.NODE1;
import static dev.fcspec.emulator.iop.TwoNodeIopBench.NODE2;
import static dev.fcspec.emulator.iop.TwoNodeIopBench.blocks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("HBA I/O processor messaging")
class IoProcessorTest {

    private final TwoNodeIopBench bench = new TwoNodeIopBench();

    /** Volume 1 on node 1 with replica volume 9 on node 2, designated with message id 1. */
    private void designated() {
        bench.storage1.create(1, 512, 64);
        bench.submit1(HostRequest.designate(1, 1, NODE2, 9));
        assertThat(bench.told1).last().satisfies(c -> assertThat(c.isGood()).as(c.detail()).isTrue());
        bench.wire.clear();
        bench.told1.clear();
    }

    private static boolean isRequest(Frame f) {
        return f.header().type() == IopProtocol.TYPE && IopProtocol.decode(f.payload()).isRequest();
    }

    private static boolean isCompletion(Frame f) {
        return f.header().type() == IopProtocol.TYPE && IopProtocol.decode(f.payload()).isCompletion();
    }

    @Nested
    @DisplayName("a request to the first adapter")
    class FirstAdapter {

        @Test
        void performsTheLocalWriteThenAsksTheRemoteAdapterWhichAnswersWithTheSameMessageId() {
            designated();
            byte[] data = blocks(2, 0x40);
            List<Boolean> localWrittenWhenRequestLeft = new ArrayList<>();
            bench.link.addTap((t, from, f) -> {
                if (isRequest(f)) {
                    localWrittenWhenRequestLeft.add(java.util.Arrays.equals(
                            bench.storage1.volume(1).orElseThrow().read(4, 2), data));
                }
            });

            bench.submit1(HostRequest.replicate(7, 1, 4, data));

            List<IopMessage> m = bench.messages();
            assertThat(m).hasSize(2);
            IopMessage rq = m.get(0);
            assertThat(rq.isRequest()).isTrue();
            assertThat(rq.command()).isEqualTo(IopProtocol.COMMAND_REPLICATE_DATA);
            assertThat(rq.messageId()).isEqualTo(7);
            assertThat(rq.targetNode()).isEqualTo(NODE2);
            assertThat(rq.initiatingNode()).isEqualTo(NODE1);
            IopMessage done = m.get(1);
            assertThat(done.isCompletion()).isTrue();
            assertThat(done.messageId()).isEqualTo(7);
            assertThat(done.status()).isEqualTo(IopProtocol.STATUS_GOOD);
            assertThat(done.targetNode()).isEqualTo(NODE1);
            assertThat(done.initiatingNode()).isEqualTo(NODE2);
            assertThat(localWrittenWhenRequestLeft).containsExactly(true);
            assertThat(bench.storage2.volume(9).orElseThrow().read(4, 2)).isEqualTo(data);
            assertThat(bench.told1).singleElement().satisfies(c -> {
                assertThat(c.messageId()).isEqualTo(7);
                assertThat(c.isGood()).isTrue();
                assertThat(c.remoteCompleted()).isTrue();
            });
        }

        @Test
        void theProcessIsToldOnlyAfterTheRemoteCompletionArrived() {
            designated();
            List<Long> completionSeenAt = new ArrayList<>();
            bench.link.addTap((t, from, f) -> {
                if (isCompletion(f)) {
                    completionSeenAt.add(t);
                }
            });
            bench.submit1(HostRequest.replicate(8, 1, 0, blocks(1, 1)));
            assertThat(completionSeenAt).hasSize(1);
            assertThat(bench.told1.get(0).timeNanos()).isGreaterThan(completionSeenAt.get(0));
        }

        @Test
        void framesUseTheVendorUniqueTypeAndOneExchangePerRequest() {
            designated();
            bench.submit1(HostRequest.replicate(9, 1, 0, blocks(1, 1)));
            Frame rq = bench.wire.get(0);
            Frame done = bench.wire.get(1);
            assertThat(rq.header().type()).isEqualTo(0xE0);
            assertThat(rq.header().rCtl()).isEqualTo(0x06);
            assertThat(rq.header().fCtl()).isEqualTo(FCtl.REQUEST);
            assertThat(done.header().rCtl()).isEqualTo(0x07);
            assertThat(done.header().fCtl()).isEqualTo(FCtl.FINAL_RESPONSE);
            assertThat(done.header().oxId()).isEqualTo(rq.header().oxId());
            assertThat(rq.header().dId()).isEqualTo(FC2);
            assertThat(done.header().dId()).isEqualTo(FC1);
        }

        @Test
        void aMessageIdInUseIsRefusedWithoutAnyWork() {
            designated();
            bench.iop1.submit(HostRequest.replicate(20, 1, 0, blocks(1, 1)), bench.told1::add);
            bench.iop1.submit(HostRequest.replicate(20, 1, 1, blocks(1, 2)), bench.told1::add);
            bench.run();
            assertThat(bench.told1).extracting(HostCompletion::status)
                    .containsExactlyInAnyOrder(IopProtocol.STATUS_DUPLICATE_MESSAGE_ID, IopProtocol.STATUS_GOOD);
            assertThat(bench.storage1.volume(1).orElseThrow().read(1, 1)).containsOnly(0);
            assertThat(bench.messages().stream().filter(IopMessage::isRequest)).hasSize(1);
        }
    }

    @Nested
    @DisplayName("replication operations")
    class Replication {

        @Test
        void designationCreatesTheReplicaVolumeAndCopiesWhatTheSourceHolds() {
            Volume src = bench.storage1.create(1, 512, 64);
            src.write(0, blocks(1, 0x11));
            src.write(40, blocks(2, 0x22));
            bench.submit1(HostRequest.designate(3, 1, NODE2, 9));

            Volume replica = bench.storage2.volume(9).orElseThrow();
            assertThat(replica.sizeBlocks()).isEqualTo(64);
            assertThat(replica.read(0, 64)).isEqualTo(src.read(0, 64));
            assertThat(bench.messages().get(0).command()).isEqualTo(IopProtocol.COMMAND_DESIGNATE_REPLICA);
            assertThat(bench.messages().get(0).messageId()).isEqualTo(3);
            // the initial copy: regions 0 and 10 (blocks 40-41), with the I/O processor's own ids
            assertThat(bench.messages().stream().filter(m -> m.isRequest()
                    && m.command() == IopProtocol.COMMAND_REPLICATE_DATA))
                    .extracting(IopMessage::messageId)
                    .allSatisfy(id -> assertThat(Integer.compareUnsigned(id, IoProcessor.FIRST_INTERNAL_ID)).isGreaterThanOrEqualTo(0))
                    .hasSize(2);
            assertThat(bench.iop1.association(1).orElseThrow().state()).isEqualTo(AssociationState.ACTIVE);
            assertThat(bench.iop2.replicaAssociation(9).orElseThrow().sourceNode()).isEqualTo(NODE1);
        }

        @Test
        void expansionGrowsTheSourceAndTheReplica() {
            designated();
            bench.submit1(HostRequest.expand(4, 1, 256));
            assertThat(bench.storage1.volume(1).orElseThrow().sizeBlocks()).isEqualTo(256);
            assertThat(bench.storage2.volume(9).orElseThrow().sizeBlocks()).isEqualTo(256);
            assertThat(bench.messages()).extracting(IopMessage::commandName)
                    .containsExactly("EXPAND_REPLICA", "EXPAND_REPLICA");
            bench.submit1(HostRequest.replicate(5, 1, 200, blocks(1, 5)));
            assertThat(bench.storage2.volume(9).orElseThrow().read(200, 1)).isEqualTo(blocks(1, 5));
        }

        @Test
        void afterTerminationWritesStayLocalAndOnlyTheDirtyRegionsAreResentOnReestablishment() {
            designated();
            bench.submit1(HostRequest.replicate(10, 1, 0, blocks(1, 1)));
            bench.submit1(HostRequest.terminate(11, 1));
            assertThat(bench.iop2.replicaAssociation(9).orElseThrow().state()).isEqualTo(AssociationState.TERMINATED);
            bench.wire.clear();

            bench.submit1(HostRequest.replicate(12, 1, 5, blocks(1, 0x55)));   // region 1
            bench.submit1(HostRequest.replicate(13, 1, 33, blocks(2, 0x66)));  // region 8
            assertThat(bench.wire).as("nothing replicated while terminated").isEmpty();
            assertThat(bench.iop1.association(1).orElseThrow().dirtyRegions()).containsExactly(1L, 8L);
            Volume replica = bench.storage2.volume(9).orElseThrow();
            assertThat(replica.read(5, 1)).containsOnly(0);

            bench.submit1(HostRequest.reestablish(14, 1));

            List<IopMessage> resent = bench.messages().stream()
                    .filter(m -> m.isRequest() && m.command() == IopProtocol.COMMAND_REPLICATE_DATA).toList();
            assertThat(resent).hasSize(2);
            assertThat(replica.read(0, 64)).isEqualTo(bench.storage1.volume(1).orElseThrow().read(0, 64));
            assertThat(bench.iop1.association(1).orElseThrow().dirtyRegions()).isEmpty();
            assertThat(bench.iop1.association(1).orElseThrow().state()).isEqualTo(AssociationState.ACTIVE);
            assertThat(bench.told1).last().satisfies(c -> {
                assertThat(c.messageId()).isEqualTo(14);
                assertThat(c.isGood()).isTrue();
            });
        }

        @Test
        void theSecondNodeCanOriginateRequestsToo() {
            bench.storage2.create(3, 512, 16);
            bench.submit2(HostRequest.designate(1, 3, NODE1, 4));
            bench.submit2(HostRequest.replicate(2, 3, 1, blocks(1, 9)));
            assertThat(bench.storage1.volume(4).orElseThrow().read(1, 1)).isEqualTo(blocks(1, 9));
            assertThat(bench.told2).extracting(HostCompletion::messageId).containsExactly(1, 2);
            assertThat(bench.messages().get(0).initiatingNode()).isEqualTo(NODE2);
        }

        @Test
        void aReplicaAlreadyServingAnotherSourceRefusesADesignation() {
            designated();
            bench.storage1.create(2, 512, 8);
            bench.submit1(HostRequest.designate(30, 2, NODE2, 9));
            assertThat(bench.told1).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(IopProtocol.STATUS_ALREADY_DESIGNATED));
            assertThat(bench.iop1.association(2)).isEmpty();
        }

        @Test
        void anOperationOnAVolumeWithoutReplicaNeedsNoRemoteRequest() {
            bench.storage1.create(1, 512, 8);
            bench.submit1(HostRequest.expand(40, 1, 16));
            assertThat(bench.told1).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(IopProtocol.STATUS_NO_ASSOCIATION));
            assertThat(bench.wire).isEmpty();
            assertThat(bench.storage1.volume(1).orElseThrow().sizeBlocks()).isEqualTo(8);
        }
    }

    @Nested
    @DisplayName("lost, duplicated and unmatched messages")
    class Faults {

        @Test
        void aLostRequestIsSentAgainWithTheSameMessageIdAndAppliedOnce() {
            designated();
            bench.link.faults().dropNext(1, IoProcessorTest::isRequest);
            long before = bench.storage2.volume(9).orElseThrow().writeCount();
            bench.submit1(HostRequest.replicate(50, 1, 2, blocks(1, 3)));
            assertThat(bench.messages().stream().filter(IopMessage::isRequest)).extracting(IopMessage::messageId)
                    .containsExactly(50, 50);
            assertThat(bench.iop1.events(IopEvent.Kind.RETRANSMISSION)).hasSize(1);
            assertThat(bench.storage2.volume(9).orElseThrow().writeCount()).isEqualTo(before + 1);
            assertThat(bench.told1).singleElement().satisfies(c -> assertThat(c.isGood()).isTrue());
        }

        @Test
        void aLostCompletionLeadsToARetransmissionThatIsRecognisedAndNotAppliedTwice() {
            designated();
            bench.link.faults().dropNext(1, IoProcessorTest::isCompletion);
            long before = bench.storage2.volume(9).orElseThrow().writeCount();
            bench.submit1(HostRequest.replicate(51, 1, 2, blocks(1, 3)));
            assertThat(bench.storage2.volume(9).orElseThrow().writeCount()).isEqualTo(before + 1);
            assertThat(bench.iop2.events(IopEvent.Kind.DUPLICATE_REQUEST)).singleElement()
                    .satisfies(e -> assertThat(e.messageId()).isEqualTo(51));
            assertThat(bench.told1).singleElement().satisfies(c -> assertThat(c.isGood()).isTrue());
        }

        @Test
        void aDuplicatedRequestIsAppliedOnceAndItsSecondCompletionIsIgnored() {
            designated();
            bench.link.faults().duplicateNext(1, IoProcessorTest::isRequest);
            long before = bench.storage2.volume(9).orElseThrow().writeCount();
            bench.submit1(HostRequest.replicate(52, 1, 2, blocks(1, 3)));
            assertThat(bench.storage2.volume(9).orElseThrow().writeCount()).isEqualTo(before + 1);
            assertThat(bench.messages().stream().filter(IopMessage::isCompletion)).hasSize(2);
            assertThat(bench.iop2.events(IopEvent.Kind.DUPLICATE_REQUEST)).hasSize(1);
            assertThat(bench.iop1.events(IopEvent.Kind.DUPLICATE_COMPLETION)).hasSize(1);
            assertThat(bench.told1).hasSize(1);
        }

        @Test
        void anUnknownCommandIsAnsweredAsSuchAndNothingIsApplied() {
            designated();
            long writes = bench.storage2.writeCount();
            IopMessage odd = IopMessage.request(0x7777, 60, NODE2, NODE1, new byte[] {1, 2, 3, 4});
            bench.link.a().send(Frame.single(FrameHeader.of(IopProtocol.R_CTL_REQUEST, FC2, FC1, IopProtocol.TYPE,
                    FCtl.REQUEST, 0x100), IopProtocol.encode(odd)));
            bench.run();
            assertThat(bench.iop2.events(IopEvent.Kind.UNKNOWN_COMMAND)).hasSize(1);
            assertThat(bench.messages()).last().satisfies(c -> {
                assertThat(c.isCompletion()).isTrue();
                assertThat(c.messageId()).isEqualTo(60);
                assertThat(c.status()).isEqualTo(IopProtocol.STATUS_UNKNOWN_COMMAND);
            });
            assertThat(bench.storage2.writeCount()).isEqualTo(writes);
            // node 1 never sent message 60: its completion is reported as unmatched
            assertThat(bench.iop1.events(IopEvent.Kind.UNMATCHED_COMPLETION)).singleElement()
                    .satisfies(e -> assertThat(e.messageId()).isEqualTo(60));
        }

        @Test
        void aCompletionWithTheRightIdButAnotherCommandIsReportedAndIgnored() {
            designated();
            bench.link.faults().dropNext(1, IoProcessorTest::isCompletion);
            bench.iop1.submit(HostRequest.replicate(70, 1, 0, blocks(1, 1)), bench.told1::add);
            bench.scheduler.runFor(java.time.Duration.ofMillis(1));
            IopMessage wrong = IopMessage.completion(IopProtocol.COMMAND_EXPAND_REPLICA, 70, NODE1, NODE2,
                    IopProtocol.STATUS_GOOD);
            bench.link.b().send(Frame.single(new FrameHeader(IopProtocol.R_CTL_COMPLETION, FC1, 0, FC2,
                    IopProtocol.TYPE, FCtl.FINAL_RESPONSE, 0, 0, 0, 1, 2, 0), IopProtocol.encode(wrong)));
            bench.run();
            assertThat(bench.iop1.events(IopEvent.Kind.COMPLETION_MISMATCH)).hasSize(1);
            assertThat(bench.told1).singleElement().satisfies(c -> assertThat(c.isGood()).isTrue());
        }

        @Test
        void noAnswerAtAllEndsInRemoteTimeoutAndTheRegionIsMarkedDirty() {
            designated();
            bench.link.faults().partition();
            bench.submit1(HostRequest.replicate(80, 1, 6, blocks(1, 1)));
            assertThat(bench.told1).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(IopProtocol.STATUS_REMOTE_TIMEOUT));
            assertThat(bench.iop1.events(IopEvent.Kind.RETRANSMISSION)).hasSize(3);
            assertThat(bench.iop1.events(IopEvent.Kind.REMOTE_TIMEOUT)).hasSize(1);
            assertThat(bench.iop1.association(1).orElseThrow().dirtyRegions()).containsExactly(1L);
        }

        @Test
        void aRequestAddressedToAnotherNodeIsRefused() {
            bench.storage2.create(9, 512, 8);
            IopMessage misrouted = IopMessage.request(IopProtocol.COMMAND_TERMINATE_ASSOCIATION, 90,
                    dev.fcspec.emulator.wire.Wwn.parse("20:00:00:00:0a:00:00:03"), NODE1,
                    new IopParameters.Terminate(1, 9).encode());
            bench.link.a().send(Frame.single(FrameHeader.of(IopProtocol.R_CTL_REQUEST, FC2, FC1, IopProtocol.TYPE,
                    FCtl.REQUEST, 0x101), IopProtocol.encode(misrouted)));
            bench.run();
            assertThat(bench.iop2.events(IopEvent.Kind.NOT_FOR_THIS_NODE)).hasSize(1);
            assertThat(bench.messages()).last()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(IopProtocol.STATUS_NOT_FOR_THIS_NODE));
        }
    }
}
