package dev.fcspec.emulator.ccm;

import static dev.fcspec.emulator.ccm.TwoNodeCluster.A_ID;
import static dev.fcspec.emulator.ccm.TwoNodeCluster.B_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.vi.FcviIu;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.ViStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cluster connection manager")
class ClusterConnectionManagerTest {

    @Test
    void theBootingNodeReadsWritesReadsAndWritesItsPartnersStatusVariableInThatOrder() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.bUpThenABoots();

        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.a.ccm().role()).isEqualTo(ClusterConnectionManager.Role.INITIATOR);
        assertThat(c.rdmaRequestsFrom(A_ID)).containsExactly("FCVI_READ_RQST", "FCVI_WRITE_RQST", "FCVI_READ_RQST",
                "FCVI_WRITE_RQST");
        assertThat(c.rdmaRequestsFrom(B_ID)).isEmpty();
        // every read targets the preset address under the well-known handle
        c.wire.stream().map(TwoNodeCluster.Sent::iu).filter(iu -> iu instanceof FcviIu.ReadRequest)
                .map(iu -> (FcviIu.ReadRequest) iu).forEach(r -> {
                    assertThat(r.remoteAddress()).isEqualTo(CcmProtocol.STATUS_ADDRESS);
                    assertThat(r.remoteHandle()).isEqualTo(CcmProtocol.STATUS_HANDLE);
                    assertThat(r.destinationVi()).isEqualTo(CcmProtocol.BOOT_VI);
                });
        assertThat(c.b.status().stage()).isEqualTo(CcmProtocol.STAGE_SESSION_UP);
        assertThat(c.a.osState()).as("A's OS is still initialising").isEqualTo(StorageOsState.INITIALIZING);
        assertThat(c.b.osState()).as("B's OS is still initialising").isEqualTo(StorageOsState.INITIALIZING);
    }

    @Test
    void eachStepWaitsForThePreviousOneToSucceed() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.bUpThenABoots();
        List<TwoNodeCluster.Sent> fromA = c.wire.stream().filter(s -> s.from(A_ID))
                .filter(s -> s.iu() instanceof FcviIu.ReadRequest || s.iu() instanceof FcviIu.WriteRequest).toList();
        assertThat(fromA).hasSize(4);
        for (int i = 1; i < fromA.size(); i++) {
            int previousOx = fromA.get(i - 1).frame().header().oxId();
            long previousAnsweredAt = c.wire.stream()
                    .filter(s -> s.from(B_ID) && s.frame().header().oxId() == previousOx)
                    .mapToLong(TwoNodeCluster.Sent::time).min().orElseThrow();
            assertThat(fromA.get(i).time()).isGreaterThan(previousAnsweredAt);
        }
    }

    @Test
    void clientsGetConnectedPortsAndTheMemoryTheyAskedForOnThePartner() {
        TwoNodeCluster c = new TwoNodeCluster();
        List<PeerProcess> onA = new ArrayList<>();
        List<PeerProcess> onB = new ArrayList<>();
        c.a.addClient(() -> record(onA, new PeerProcess("nvram-mirror", 2, 8192, 0)));
        c.b.addClient(() -> record(onB, new PeerProcess("nvram-mirror", 1, 4096, 0)));
        c.a.addClient(() -> record(onA, new PeerProcess("a-only", 1, 0, 1)));
        c.bUpThenABoots();

        PeerProcess ma = onA.get(0);
        PeerProcess mb = onB.get(0);
        assertThat(ma.readyAlerts()).hasSize(1);
        assertThat(mb.readyAlerts()).hasSize(1);
        ClientSession sa = ma.readyAlerts().get(0);
        assertThat(sa.ports()).hasSize(2).allSatisfy(vi -> assertThat(vi.state()).isEqualTo(ViState.CONNECTED));
        assertThat(sa.partnerMemory().memoryLength()).as("B registered what A's client asked for").isEqualTo(8192);
        assertThat(mb.readyAlerts().get(0).partnerMemory().memoryLength()).isEqualTo(4096);
        assertThat(c.b.port().region(sa.partnerMemory().memoryHandle())).isPresent();
        assertThat(onA.get(1).readyAlerts()).as("no peer process on B").isEmpty();
    }

    @Test
    void aPartnerThatNeverComesUpIsRetriedABoundedNumberOfTimesThenGivenUp() {
        CcmConfig cfg = CcmConfig.DEFAULT.withRetries(Duration.ofMillis(5), 4);
        TwoNodeCluster c = new TwoNodeCluster(cfg, cfg, NodeKind.STORAGE_SYSTEM);
        c.a.powerOn();
        c.runFor(Duration.ofSeconds(1));
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.FAILED);
        assertThat(c.a.ccm().attemptsMade()).isEqualTo(4);
        assertThat(c.wire.stream().filter(s -> s.iu().code() == FcviProtocol.IU_CONNECT_RQST)).hasSize(4);
        assertThat(c.a.bootVi().state()).isEqualTo(ViState.IDLE);
    }

    @Test
    void aPartnerThatComesUpLateIsReachedByALaterAttempt() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.a.powerOn();
        c.runFor(Duration.ofMillis(150));
        assertThat(c.a.ccm().state()).isNotEqualTo(SessionState.READY);
        c.b.powerOn();
        c.runFor(Duration.ofMillis(300));
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.a.ccm().attemptsMade()).isZero();
    }

    @Test
    void differentVersionRangesAreNegotiatedDownToTheHighestCommonVersion() {
        TwoNodeCluster c = new TwoNodeCluster(CcmConfig.DEFAULT.withVersions(1, 3), CcmConfig.DEFAULT.withVersions(2, 2),
                NodeKind.STORAGE_SYSTEM);
        c.bUpThenABoots();
        assertThat(c.a.ccm().version()).isEqualTo(2);
        assertThat(c.b.ccm().version()).isEqualTo(2);
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
    }

    @Test
    void versionRangesWithoutCommonGroundAreRefusedByBothAndNothingIsLeftOpen() {
        TwoNodeCluster c = new TwoNodeCluster(CcmConfig.DEFAULT.withVersions(3, 4), CcmConfig.DEFAULT.withVersions(1, 2),
                NodeKind.STORAGE_SYSTEM);
        List<PeerProcess> onA = new ArrayList<>();
        c.a.addClient(() -> record(onA, new PeerProcess("mirror", 1, 0, 0)));
        c.b.addClient(() -> new PeerProcess("mirror", 1, 0, 0));
        c.bUpThenABoots();
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.FAILED);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.FAILED);
        assertThat(c.a.ccm().failure()).contains("no common session protocol version");
        assertThat(c.a.bootVi().state()).isEqualTo(ViState.IDLE);
        assertThat(c.b.bootVi().state()).isEqualTo(ViState.IDLE);
        assertThat(c.a.port().vis()).hasSize(1);
        assertThat(c.b.port().vis()).hasSize(1);
        assertThat(onA.get(0).readyAlerts()).isEmpty();
    }

    @Test
    void aLostFirstWriteFailsTheAttemptBeforeAnySecondReadAndALaterAttemptSucceeds() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.b.powerOn();
        c.runFor(Duration.ofMillis(100));
        c.wire.clear();
        c.link.faults().dropNext(1, f -> FcviProtocol.isFcvi(f) && f.header().sId().equals(A_ID)
                && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST);
        c.a.powerOn();
        c.runFor(Duration.ofMillis(300));
        assertThat(c.rdmaRequestsFrom(A_ID)).startsWith("FCVI_READ_RQST", "FCVI_WRITE_RQST");
        List<String> fromA = c.wire.stream().filter(s -> s.from(A_ID)).map(s -> s.iu().name()).toList();
        int lostWrite = fromA.indexOf("FCVI_WRITE_RQST");
        assertThat(fromA.get(lostWrite + 1)).as("after the lost write A disconnects").isEqualTo("FCVI_DISCONNECT_RQST");
        List<CcmEvent> failed = c.a.ccm().events().stream().filter(e -> e.kind() == CcmEvent.Kind.STEP_FAILED).toList();
        assertThat(failed).singleElement().satisfies(e -> assertThat(e.detail()).contains("FIRST_RDMA_WRITE"));
        // between the lost write and the next attempt's first read, A reconnected: no second read in attempt 1
        assertThat(c.a.ccm().events().stream().filter(e -> e.kind() == CcmEvent.Kind.STEP_STARTED
                && e.attempt() == 1).map(CcmEvent::detail)).containsExactly("FIRST_RDMA_READ", "FIRST_RDMA_WRITE");
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
    }

    @Test
    void aHelloTheResponderNeverAcknowledgesFailsTheSecondReadAndNoConfirmIsWritten() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.b.injectFault(CcmFault.HELLO_UNACKNOWLEDGED);
        c.bUpThenABoots();

        List<String> rdma = c.rdmaRequestsFrom(A_ID);
        assertThat(rdma.subList(0, 2)).containsExactly("FCVI_READ_RQST", "FCVI_WRITE_RQST");
        assertThat(rdma.subList(2, rdma.size())).as("only second reads after the hello")
                .hasSize(CcmConfig.DEFAULT.ackPolls()).containsOnly("FCVI_READ_RQST");
        assertThat(c.b.status().acknowledgedNode()).isNull();
        assertThat(c.b.status().mailbox().step()).isEqualTo(CcmProtocol.STEP_HELLO);
        assertThat(c.a.ccm().events()).anyMatch(e -> e.kind() == CcmEvent.Kind.STEP_FAILED
                && e.detail().startsWith("SECOND_RDMA_READ: partner did not acknowledge the hello after 20 reads"));
        // B, which does not answer hellos, initiates itself: the session comes up the other way round.
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.a.ccm().role()).isEqualTo(ClusterConnectionManager.Role.RESPONDER);
    }

    @Test
    void aPartnerRestartingMidHandshakeIsNoticedAndTheSessionIsMadeWithItsNewBoot() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.b.powerOn();
        c.runFor(Duration.ofMillis(100));
        boolean[] done = {false};
        c.link.addTap((t, from, f) -> {
            if (!done[0] && FcviProtocol.isFcvi(f) && f.header().sId().equals(B_ID)
                    && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RESP) {
                done[0] = true;
                c.scheduler.execute(() -> c.b.restart(Duration.ofMillis(30)));
            }
        });
        c.a.powerOn();
        c.runFor(Duration.ofMillis(500));
        assertThat(c.b.generation()).isEqualTo(2);
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.a.ccm().partnerInfo().generation()).isEqualTo(2);
        assertThat(c.a.ccm().events().stream().anyMatch(e -> e.kind() == CcmEvent.Kind.ATTEMPT_FAILED)).isTrue();
    }

    @Test
    void theInitiatorRestartingWhileThePartnerAwaitsItsConfirmLeavesNoHalfOpenSession() {
        TwoNodeCluster c = new TwoNodeCluster();
        List<PeerProcess> onB = new ArrayList<>();
        c.b.addClient(() -> record(onB, new PeerProcess("mirror", 1, 0, 0)));
        c.a.addClient(() -> new PeerProcess("mirror", 1, 0, 0));
        c.b.powerOn();
        c.runFor(Duration.ofMillis(100));
        boolean[] done = {false};
        c.link.addTap((t, from, f) -> {
            if (!done[0] && FcviProtocol.isFcvi(f) && f.header().sId().equals(A_ID)
                    && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST) {
                done[0] = true;
                c.scheduler.execute(() -> c.a.restart(Duration.ofMillis(50)));
            }
        });
        c.a.powerOn();
        c.runFor(Duration.ofMillis(20));
        assertThat(c.b.ccm().state()).isIn(SessionState.AWAITING_CONFIRMATION, SessionState.WAITING_FOR_PARTNER);
        c.runFor(Duration.ofMillis(500));
        assertThat(c.a.generation()).isEqualTo(2);
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(onB.get(0).readyAlerts()).hasSize(1);
        assertThat(c.b.ccm().ports().get("mirror")).hasSize(1);
        assertThat(c.b.port().vis()).hasSize(2);
    }

    @Test
    void anApplicationServerCanBeThePartner() {
        TwoNodeCluster c = new TwoNodeCluster(CcmConfig.DEFAULT, CcmConfig.DEFAULT, NodeKind.APPLICATION_SERVER);
        c.bUpThenABoots();
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.a.ccm().partnerKind()).isEqualTo(NodeKind.APPLICATION_SERVER);
        assertThat(c.b.ccm().partnerKind()).isEqualTo(NodeKind.STORAGE_SYSTEM);
    }

    @Test
    void bothNodesBootingTogetherEndInOneSession() {
        TwoNodeCluster c = new TwoNodeCluster();
        c.a.powerOn();
        c.b.powerOn();
        c.runFor(Duration.ofMillis(500));
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(c.b.ccm().state()).isEqualTo(SessionState.READY);
        assertThat(List.of(c.a.ccm().role(), c.b.ccm().role())).containsExactlyInAnyOrder(
                ClusterConnectionManager.Role.INITIATOR, ClusterConnectionManager.Role.RESPONDER);
    }

    @Test
    void aStatusVariableThatCannotBeReadFailsTheFirstStepOnBothSidesAndNothingIsWritten() {
        TwoNodeCluster c = new TwoNodeCluster(CcmConfig.DEFAULT.withRetries(Duration.ofMillis(5), 2), CcmConfig.DEFAULT,
                NodeKind.STORAGE_SYSTEM);
        c.b.powerOn();
        c.runFor(Duration.ofMillis(100));
        c.b.port().deregisterMemory(CcmProtocol.STATUS_HANDLE);
        c.wire.clear();
        c.a.powerOn();
        c.runFor(Duration.ofMillis(200));
        assertThat(c.rdmaRequestsFrom(A_ID)).containsOnly("FCVI_READ_RQST");
        assertThat(c.wire.stream().filter(s -> s.from(B_ID)).map(TwoNodeCluster.Sent::iu)
                .filter(iu -> iu instanceof FcviIu.ReadResponse)
                .map(iu -> ((FcviIu.ReadResponse) iu).status())).containsOnly(ViStatus.RDMA_PROTECTION_ERROR);
        assertThat(c.a.ccm().state()).isEqualTo(SessionState.FAILED);
    }

    private static <T> T record(List<T> list, T item) {
        list.add(item);
        return item;
    }
}
