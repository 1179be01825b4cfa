package dev.fcspec.emulator.vi;

import static dev.fcspec.emulator.vi.TwoPortBench.PTAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FC-VI provider")
class FcviPortTest {

    private final TwoPortBench bench = new TwoPortBench();
    private final ViAttributes reliable = ViAttributes.reliable(PTAG);

    @Nested
    @DisplayName("connection setup and teardown")
    class Connections {

        @Test
        void threeStepSetupConnectsBothVisAndCrossesTheWireAsRqstResp1Resp2Resp3() {
            VirtualInterface x = bench.a.createVi(3, reliable);
            VirtualInterface y = bench.b.createVi(5, reliable);
            y.acceptFrom(x.address());
            List<ConnectResult> results = new ArrayList<>();

            x.connect(y.address(), results::add);
            bench.run();

            assertThat(results).containsExactly(ConnectResult.ACCEPTED);
            assertThat(x.state()).isEqualTo(ViState.CONNECTED);
            assertThat(y.state()).isEqualTo(ViState.CONNECTED);
            assertThat(x.remote()).isEqualTo(new ViAddress(TwoPortBench.B_ID, 5));
            assertThat(y.remote()).isEqualTo(new ViAddress(TwoPortBench.A_ID, 3));
            assertThat(bench.iuNames()).containsExactly("FCVI_CONNECT_RQST", "FCVI_CONNECT_RESP1",
                    "FCVI_CONNECT_RESP2", "FCVI_CONNECT_RESP3");
            assertThat(bench.wire).allSatisfy(f -> assertThat(f.header().type()).isEqualTo(0x58));
            assertThat(bench.wire).extracting(f -> f.header().oxId()).containsOnly(bench.wire.get(0).header().oxId());
            assertThat(bench.wire.get(0).header().fCtl()).isEqualTo(FCtl.REQUEST);
            assertThat(bench.wire.get(3).header().fCtl()).isEqualTo(FCtl.FINAL_RESPONSE);
        }

        @Test
        void aRequestToAViNumberThatDoesNotExistIsRejectedAndTheRequesterReturnsToIdle() {
            VirtualInterface x = bench.a.createVi(1, reliable);
            List<ConnectResult> results = new ArrayList<>();
            x.connect(new ViAddress(TwoPortBench.B_ID, 99), results::add);
            bench.run();
            assertThat(results).containsExactly(ConnectResult.REJECTED_NO_SUCH_VI);
            assertThat(x.state()).isEqualTo(ViState.IDLE);
            assertThat(x.remote()).isNull();
        }

        @Test
        void aViThatDoesNotAcceptFromTheRequesterRejectsIt() {
            VirtualInterface x = bench.a.createVi(1, reliable);
            VirtualInterface y = bench.b.createVi(1, reliable);
            y.acceptFrom(new ViAddress(TwoPortBench.A_ID, 2));
            List<ConnectResult> results = new ArrayList<>();
            x.connect(y.address(), results::add);
            bench.run();
            assertThat(results).containsExactly(ConnectResult.REJECTED_NOT_ACCEPTING);
            assertThat(y.state()).isEqualTo(ViState.IDLE);
        }

        @Test
        void differentReliabilityLevelsAreRejected() {
            VirtualInterface x = bench.a.createVi(1, reliable.withReliability(ReliabilityLevel.UNRELIABLE));
            VirtualInterface y = bench.b.createVi(1, reliable);
            y.acceptFrom(null);
            List<ConnectResult> results = new ArrayList<>();
            x.connect(y.address(), results::add);
            bench.run();
            assertThat(results).containsExactly(ConnectResult.REJECTED_ATTRIBUTES);
            assertThat(x.state()).isEqualTo(ViState.IDLE);
            assertThat(y.state()).isEqualTo(ViState.IDLE);
        }

        @Test
        void noAnswerTimesOutAfterTheUlpTimeoutAndLeavesTheViIdle() {
            bench.link.faults().partition();
            VirtualInterface x = bench.a.createVi(1, reliable);
            List<ConnectResult> results = new ArrayList<>();
            x.connect(new ViAddress(TwoPortBench.B_ID, 1), results::add);
            bench.run();
            assertThat(results).containsExactly(ConnectResult.TIMED_OUT);
            assertThat(x.state()).isEqualTo(ViState.IDLE);
            assertThat(bench.a.events(ViEvent.Kind.TIMEOUT)).hasSize(1);
        }

        @Test
        void aLostResp2LeavesNeitherSideHalfOpen() {
            bench.link.faults().dropNext(1, f -> FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_CONNECT_RESP2);
            VirtualInterface x = bench.a.createVi(1, reliable);
            VirtualInterface y = bench.b.createVi(1, reliable);
            y.acceptFrom(null);
            List<ConnectResult> results = new ArrayList<>();
            x.connect(y.address(), results::add);
            bench.run();
            assertThat(results).containsExactly(ConnectResult.TIMED_OUT);
            assertThat(x.state()).isEqualTo(ViState.IDLE);
            assertThat(y.state()).isEqualTo(ViState.IDLE);
        }

        @Test
        void crossedPeerRequestsEndInOneConnectionAndBothCallersAreToldAccepted() {
            VirtualInterface x = bench.a.createVi(1, reliable);
            VirtualInterface y = bench.b.createVi(1, reliable);
            x.acceptFrom(y.address());
            y.acceptFrom(x.address());
            List<ConnectResult> rx = new ArrayList<>();
            List<ConnectResult> ry = new ArrayList<>();
            x.connect(y.address(), rx::add);
            y.connect(x.address(), ry::add);
            bench.run();
            assertThat(rx).containsExactly(ConnectResult.ACCEPTED);
            assertThat(ry).containsExactly(ConnectResult.ACCEPTED);
            assertThat(x.state()).isEqualTo(ViState.CONNECTED);
            assertThat(y.state()).isEqualTo(ViState.CONNECTED);
            // A (lower address) kept its request: exactly one RESP3, sent by B.
            List<Frame> resp3 = bench.wire.stream()
                    .filter(f -> FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_CONNECT_RESP3).toList();
            assertThat(resp3).hasSize(1);
            assertThat(resp3.get(0).header().sId()).isEqualTo(TwoPortBench.B_ID);
        }

        @Test
        void disconnectTellsThePeerAndFlushesPostedReceivesOnBothSides() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion buf = bench.b.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            c[1].post(new Descriptor.Receive(11, buf.handle(), 0, 64));

            c[0].disconnect();
            bench.run();

            assertThat(c[0].state()).isEqualTo(ViState.IDLE);
            assertThat(c[1].state()).isEqualTo(ViState.IDLE);
            assertThat(bench.iuNames()).containsExactly("FCVI_DISCONNECT_RQST", "FCVI_DISCONNECT_RESP");
            assertThat(c[1].receiveCompletions().poll()).get()
                    .satisfies(cq -> assertThat(cq.status()).isEqualTo(ViStatus.DESCRIPTOR_FLUSHED));
        }

        @Test
        void aConnectedViAskedToConnectByItsOwnPeerReportsTheConnectionLostAndAccepts() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            c[1].acceptFrom(c[0].address());
            // A loses its connection silently (its disconnect never arrives).
            bench.link.faults().dropNext(1, f -> true);
            c[0].disconnect();
            bench.run();
            assertThat(c[1].state()).isEqualTo(ViState.CONNECTED);
            bench.link.faults().clear();

            List<ConnectResult> results = new ArrayList<>();
            c[0].connect(c[1].address(), results::add);
            bench.run();

            assertThat(results).containsExactly(ConnectResult.ACCEPTED);
            assertThat(bench.b.events(ViEvent.Kind.CONNECTION_LOST)).hasSize(1);
            assertThat(c[0].state()).isEqualTo(ViState.CONNECTED);
            assertThat(c[1].state()).isEqualTo(ViState.CONNECTED);
        }

        @Test
        void connectingAViThatIsNotIdleIsATypedError() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            assertThatThrownBy(() -> c[0].connect(c[1].address(), r -> { }))
                    .isInstanceOf(InvalidViStateException.class).hasMessageContaining("CONNECTED");
        }

        @Test
        void aViNumberCanBeUsedOnlyOnce() {
            bench.a.createVi(4, reliable);
            assertThatThrownBy(() -> bench.a.createVi(4, reliable)).isInstanceOf(ViNumberException.class);
        }
    }

    @Nested
    @DisplayName("RDMA and send/receive")
    class DataTransfer {

        @Test
        void rdmaWritePlacesTheDataInTheTargetRegionAndCompletesSuccessfully() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0x100, 16, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x8000, 256, MemoryAttributes.readWrite(PTAG));
            bench.memA.write(0x100, "hello, partner!!".getBytes());

            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0x100, 16, dst.handle(), 0x8010, null));
            bench.run();

            assertThat(new String(bench.memB.read(0x8010, 16))).isEqualTo("hello, partner!!");
            assertThat(c[0].sendCompletions().poll()).get().satisfies(cq -> {
                assertThat(cq.status()).isEqualTo(ViStatus.SUCCESS);
                assertThat(cq.operation()).isEqualTo(ViOperation.RDMA_WRITE);
                assertThat(cq.length()).isEqualTo(16);
            });
            assertThat(bench.iuNames()).containsExactly("FCVI_WRITE_RQST", "FCVI_WRITE_RESP");
            WriteRequestView w = WriteRequestView.of(bench.wire.get(0));
            assertThat(w.address()).isEqualTo(0x8010);
            assertThat(w.handle()).isEqualTo(dst.handle());
        }

        @Test
        void rdmaReadFetchesTheRemoteBytesIntoLocalMemory() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion dst = bench.a.registerMemory(0x0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion src = bench.b.registerMemory(0x4000, 64, MemoryAttributes.readWrite(PTAG));
            bench.memB.write(0x4000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

            c[0].post(new Descriptor.RdmaRead(9, dst.handle(), 0x20, 8, src.handle(), 0x4000));
            bench.run();

            assertThat(bench.memA.read(0x20, 8)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(c[0].sendCompletions().poll()).get()
                    .satisfies(cq -> assertThat(cq.status()).isEqualTo(ViStatus.SUCCESS));
            assertThat(bench.iuNames()).containsExactly("FCVI_READ_RQST", "FCVI_READ_RESP");
        }

        @Test
        void sendIsReceivedIntoThePostedBufferWithItsImmediateData() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion buf = bench.b.registerMemory(0x100, 64, MemoryAttributes.localOnly(PTAG));
            bench.memA.write(0, "ping".getBytes());
            c[1].post(new Descriptor.Receive(77, buf.handle(), 0x100, 64));

            c[0].post(new Descriptor.Send(5, src.handle(), 0, 4, 0x1234));
            bench.run();

            Completion r = c[1].receiveCompletions().poll().orElseThrow();
            assertThat(r.status()).isEqualTo(ViStatus.SUCCESS);
            assertThat(r.descriptorId()).isEqualTo(77);
            assertThat(r.immediateData()).isEqualTo(0x1234);
            assertThat(new String(r.data())).isEqualTo("ping");
            assertThat(new String(bench.memB.read(0x100, 4))).isEqualTo("ping");
            assertThat(c[0].sendCompletions().poll()).get()
                    .satisfies(cq -> assertThat(cq.status()).isEqualTo(ViStatus.SUCCESS));
        }

        @Test
        void anRdmaWriteWithImmediateDataConsumesAReceiveDescriptorAtTheTarget() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
            c[1].post(new Descriptor.Receive(3, dst.handle(), 0x100, 0));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x108, 42));
            bench.run();
            Completion r = c[1].receiveCompletions().poll().orElseThrow();
            assertThat(r.operation()).isEqualTo(ViOperation.REMOTE_RDMA_WRITE);
            assertThat(r.immediateData()).isEqualTo(42);
            assertThat(c[1].postedReceives()).isZero();
        }

        @Test
        void descriptorsRunInOrderOneAtATime() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 8, dst.handle(), 0x100));
            c[0].post(new Descriptor.RdmaWrite(2, src.handle(), 0, 8, dst.handle(), 0x100, null));
            c[0].post(new Descriptor.RdmaRead(3, src.handle(), 0, 8, dst.handle(), 0x100));
            bench.run();
            assertThat(bench.iuNames()).containsExactly("FCVI_READ_RQST", "FCVI_READ_RESP", "FCVI_WRITE_RQST",
                    "FCVI_WRITE_RESP", "FCVI_READ_RQST", "FCVI_READ_RESP");
            assertThat(c[0].sendCompletions().history()).extracting(Completion::descriptorId).containsExactly(1L, 2L, 3L);
        }
    }

    @Nested
    @DisplayName("protection: refused on both sides, no memory changed")
    class Protection {
        VirtualInterface[] c;
        MemoryRegion src;
        MemoryRegion dst;
        Map<Long, byte[]> beforeA;
        Map<Long, byte[]> beforeB;
        long writesA;
        long writesB;

        void setUp(ViAttributes attrs, MemoryAttributes targetAttrs) {
            c = bench.connected(1, 1, attrs);
            src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            dst = bench.b.registerMemory(0x1000, 64, targetAttrs);
            bench.memA.write(0, "local bytes".getBytes());
            bench.memB.write(0x1000, "remote bytes".getBytes());
            beforeA = bench.memA.snapshot();
            beforeB = bench.memB.snapshot();
            writesA = bench.memA.writeCount();
            writesB = bench.memB.writeCount();
        }

        void assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation localOp, ViOperation remoteOp) {
            bench.run();
            Completion local = c[0].sendCompletions().poll().orElseThrow();
            assertThat(local.operation()).isEqualTo(localOp);
            assertThat(local.status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
            Completion remote = c[1].receiveCompletions().poll().orElseThrow();
            assertThat(remote.operation()).isEqualTo(remoteOp);
            assertThat(remote.status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
            assertThat(bench.b.events(ViEvent.Kind.RDMA_PROTECTION)).hasSize(1);
            assertThat(bench.memA.matches(beforeA)).as("initiator memory unchanged").isTrue();
            assertThat(bench.memB.matches(beforeB)).as("target memory unchanged").isTrue();
            assertThat(bench.memA.writeCount()).isEqualTo(writesA);
            assertThat(bench.memB.writeCount()).isEqualTo(writesB);
            assertThat(c[0].state()).as("reliable VI breaks").isEqualTo(ViState.ERROR);
            assertThat(c[1].state()).as("reliable VI breaks").isEqualTo(ViState.ERROR);
        }

        @Test
        void rdmaWriteToAnUnregisteredHandle() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, new MemoryHandle(0x0BAD), 0x1000, null));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_WRITE, ViOperation.REMOTE_RDMA_WRITE);
        }

        @Test
        void rdmaWriteRunningPastTheEndOfTheRegion() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x1000 + 60, null));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_WRITE, ViOperation.REMOTE_RDMA_WRITE);
        }

        @Test
        void rdmaWriteBeforeTheStartOfTheRegion() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x0FFF, null));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_WRITE, ViOperation.REMOTE_RDMA_WRITE);
        }

        @Test
        void rdmaWriteIntoARegionWithoutTheWriteEnable() {
            setUp(reliable, new MemoryAttributes(PTAG, false, true));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x1000, null));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_WRITE, ViOperation.REMOTE_RDMA_WRITE);
        }

        @Test
        void rdmaReadOfARegionWithoutTheReadEnable() {
            setUp(reliable, new MemoryAttributes(PTAG, true, false));
            c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 8, dst.handle(), 0x1000));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_READ, ViOperation.REMOTE_RDMA_READ);
        }

        @Test
        void rdmaReadThroughAViWithoutTheReadEnable() {
            setUp(reliable.withRdma(true, false), MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 8, dst.handle(), 0x1000));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_READ, ViOperation.REMOTE_RDMA_READ);
        }

        @Test
        void rdmaWriteIntoARegionOfAnotherProtectionTag() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG + 1));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x1000, null));
            assertRefusedOnBothSidesWithNoMemoryChanged(ViOperation.RDMA_WRITE, ViOperation.REMOTE_RDMA_WRITE);
        }

        @Test
        void anUnreliableViReportsTheErrorButStaysConnected() {
            setUp(reliable.withReliability(ReliabilityLevel.UNRELIABLE), MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, new MemoryHandle(0x0BAD), 0x1000, null));
            bench.run();
            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
            assertThat(c[1].receiveCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
            assertThat(bench.memB.matches(beforeB)).isTrue();
            assertThat(c[0].state()).isEqualTo(ViState.CONNECTED);
        }

        @Test
        void rdmaWriteToAViThatWasClosedIsRefusedByTheTargetAndChangesNothing() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            // B closes its VI but the disconnect is lost: A still believes it is connected.
            bench.link.faults().dropNext(1, f -> true);
            c[1].disconnect();
            bench.run();
            assertThat(c[0].state()).isEqualTo(ViState.CONNECTED);
            bench.wire.clear();

            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x1000, null));
            bench.run();

            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.TRANSPORT_ERROR);
            assertThat(bench.b.events(ViEvent.Kind.NOT_CONNECTED)).hasSize(1);
            assertThat(bench.memB.matches(beforeB)).isTrue();
            assertThat(bench.memB.writeCount()).isEqualTo(writesB);
            assertThat(c[0].state()).isEqualTo(ViState.ERROR);
        }

        @Test
        void postingOnALocallyClosedViCompletesInErrorAndSendsNothing() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].disconnect();
            bench.run();
            bench.wire.clear();
            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x1000, null));
            bench.run();
            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.DESCRIPTOR_FLUSHED);
            assertThat(bench.wire).isEmpty();
            assertThat(bench.memB.matches(beforeB)).isTrue();
        }

        @Test
        void aLocalSegmentThatIsNotRegisteredFailsLocallyWithoutAnyFrame() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, new MemoryHandle(0x0BAD), 0, 8, dst.handle(), 0x1000, null));
            bench.run();
            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.LOCAL_PROTECTION_ERROR);
            assertThat(bench.wire).isEmpty();
            assertThat(c[0].state()).isEqualTo(ViState.CONNECTED);
        }

        @Test
        void aTransferOverTheMaximumFailsLocally() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            MemoryRegion big = bench.a.registerMemory(0x10000, 4096, MemoryAttributes.localOnly(PTAG));
            c[0].post(new Descriptor.RdmaWrite(1, big.handle(), 0x10000, 4096, dst.handle(), 0x1000, null));
            bench.run();
            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.LOCAL_LENGTH_ERROR);
            assertThat(bench.wire).isEmpty();
        }

        @Test
        void aSendWithoutAPostedReceiveFailsOnBothSides() {
            setUp(reliable, MemoryAttributes.readWrite(PTAG));
            c[0].post(new Descriptor.Send(1, src.handle(), 0, 8, null));
            bench.run();
            assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.REMOTE_DESCRIPTOR_ERROR);
            assertThat(bench.b.events(ViEvent.Kind.NO_RECEIVE_DESCRIPTOR)).hasSize(1);
            assertThat(bench.memB.matches(beforeB)).isTrue();
        }
    }

    @Nested
    @DisplayName("lost and duplicated frames")
    class Faults {

        @Test
        void aDuplicatedRdmaWriteIsAppliedOnceAndAnsweredAgain() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
            long before = bench.memB.writeCount();
            bench.link.faults().duplicateNext(1, f -> FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST);

            c[0].post(new Descriptor.RdmaWrite(1, src.handle(), 0, 8, dst.handle(), 0x100, null));
            bench.run();

            assertThat(bench.memB.writeCount()).isEqualTo(before + 1);
            assertThat(bench.b.events(ViEvent.Kind.DUPLICATE_REQUEST)).hasSize(1);
            assertThat(c[0].sendCompletions().history()).hasSize(1);
            assertThat(bench.a.events(ViEvent.Kind.UNMATCHED_RESPONSE)).hasSize(1);
        }

        @Test
        void aDuplicatedSendConsumesOneReceiveDescriptor() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion buf = bench.b.registerMemory(0x100, 128, MemoryAttributes.localOnly(PTAG));
            c[1].post(new Descriptor.Receive(1, buf.handle(), 0x100, 64));
            c[1].post(new Descriptor.Receive(2, buf.handle(), 0x140, 64));
            bench.link.faults().duplicateNext(1, f -> FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_SEND_RQST);

            c[0].post(new Descriptor.Send(1, src.handle(), 0, 8, null));
            bench.run();

            assertThat(c[1].receiveCompletions().history()).hasSize(1);
            assertThat(c[1].postedReceives()).isEqualTo(1);
        }

        @Test
        void aLostResponseCompletesWithATransportErrorAndBreaksTheReliableVi() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
            bench.link.faults().dropNext(1, f -> FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_READ_RESP);
            c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 8, dst.handle(), 0x100));
            c[0].post(new Descriptor.RdmaRead(2, src.handle(), 8, 8, dst.handle(), 0x100));
            bench.run();
            assertThat(c[0].sendCompletions().history()).extracting(Completion::status)
                    .containsExactly(ViStatus.TRANSPORT_ERROR, ViStatus.DESCRIPTOR_FLUSHED);
            assertThat(c[0].state()).isEqualTo(ViState.ERROR);
        }

        @Test
        void aRequestUnansweredWithinTheUlpTimeoutIsAbortedWithAbtsOnItsExchange() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
            MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
            bench.link.faults().dropNext(1, f -> FcviProtocol.isFcvi(f)
                    && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_READ_RESP);
            c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 8, dst.handle(), 0x100));
            bench.run();

            Frame request = bench.wire.get(0);
            Frame abts = bench.wire.stream().filter(f -> f.header().rCtl() == dev.fcspec.emulator.wire.RCtl.BA_ABTS)
                    .findFirst().orElseThrow();
            assertThat(abts.header().oxId()).isEqualTo(request.header().oxId());
            assertThat(abts.header().sId()).isEqualTo(TwoPortBench.A_ID);
            // B had answered and ended its side, so it no longer knows the exchange
            assertThat(bench.wire).anyMatch(f -> f.header().rCtl() == dev.fcspec.emulator.wire.RCtl.BA_RJT
                    && f.header().oxId() == request.header().oxId());
            assertThat(bench.a.events(ViEvent.Kind.TIMEOUT)).hasSize(1);
            assertThat(bench.b.port().exchangeManager().statistics().abtsReceived()).isEqualTo(1);
            assertThat(bench.b.port().exchangeManager().statistics().baRjtSent()).isEqualTo(1);
        }

        @Test
        void aFrameThatIsNotAnIuIsReportedAndIgnored() {
            VirtualInterface[] c = bench.connected(1, 1, reliable);
            Frame junk = Frame.single(dev.fcspec.emulator.wire.FrameHeader.of(0x06, TwoPortBench.B_ID, TwoPortBench.A_ID,
                    0x58, FCtl.REQUEST, 1), new byte[] {1, 2, 3});
            bench.link.a().send(junk);
            bench.run();
            assertThat(bench.b.events(ViEvent.Kind.MALFORMED_IU)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("TRUNCATED"));
            assertThat(c[1].state()).isEqualTo(ViState.CONNECTED);
        }
    }

    @Nested
    @DisplayName("memory registration")
    class Registration {
        @Test
        void aWellKnownHandleCanBeRegisteredOnceAndOnlyInsideMemory() {
            MemoryRegion r = bench.a.registerMemory(new MemoryHandle(0x5EED), 0x1000, 64, MemoryAttributes.readWrite(1));
            assertThat(bench.a.region(new MemoryHandle(0x5EED))).contains(r);
            assertThatThrownBy(() -> bench.a.registerMemory(new MemoryHandle(0x5EED), 0, 8, MemoryAttributes.readWrite(1)))
                    .isInstanceOf(MemoryRegistrationException.class).hasMessageContaining("already");
            assertThatThrownBy(() -> bench.a.registerMemory(bench.memA.size() - 4, 8, MemoryAttributes.readWrite(1)))
                    .isInstanceOf(MemoryRegistrationException.class).hasMessageContaining("not inside");
            bench.a.deregisterMemory(r.handle());
            assertThatThrownBy(() -> bench.a.deregisterMemory(r.handle())).isInstanceOf(MemoryRegistrationException.class);
        }
    }

    /** Reads the target address and handle of a WRITE_RQST from its frame bytes. */
    record WriteRequestView(MemoryHandle handle, long address) {
        static WriteRequestView of(Frame f) {
            FcviIu.WriteRequest w = (FcviIu.WriteRequest) FcviProtocol.decode(f.payload());
            return new WriteRequestView(w.remoteHandle(), w.remoteAddress());
        }
    }
}
