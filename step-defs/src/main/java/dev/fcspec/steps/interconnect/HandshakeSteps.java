package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.ccm.CcmEvent;
import dev.fcspec.emulator.ccm.CcmNode;
import dev.fcspec.emulator.ccm.CcmProtocol;
import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.ClusterConnectionManager;
import dev.fcspec.emulator.ccm.NodeKind;
import dev.fcspec.emulator.ccm.SessionState;
import dev.fcspec.emulator.ccm.StorageOsState;
import dev.fcspec.emulator.vi.FcviIu;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViEvent;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.ViStatus;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.interconnect.ViTraffic.ViFrame;
import io.cucumber.java.en.Then;
import java.util.List;

/** What the boot-time handshake put on the interconnect, and what it left in the partners' memory. */
public class HandshakeSteps {

    private static final List<String> READ_WRITE_READ_WRITE = List.of("FCVI_READ_RQST", "FCVI_WRITE_RQST",
            "FCVI_READ_RQST", "FCVI_WRITE_RQST");

    private final InterconnectWorld world;
    private final NodeRecords records;

    public HandshakeSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    private ViTraffic traffic() {
        return new ViTraffic(world.sinceMark());
    }

    @Then("{word} read {word}'s boot status over the interconnect, then wrote to it, read it again and wrote to it again")
    public void readWriteReadWrite(String a, String b) {
        ViTraffic t = traffic();
        List<ViFrame> rdma = t.rdmaRequestsFrom(world.node(a).fcId());
        assertThat(t.names(rdma)).as("RDMA operations %s sent, in order:%s", a, t.dump())
                .containsExactlyElementsOf(READ_WRITE_READ_WRITE);
        FcId target = world.node(b).fcId();
        assertThat(rdma).allSatisfy(f -> assertThat(f.to()).as("destination of %s", f.describe()).isEqualTo(target));
    }

    @Then("{word} sent each of these RDMA operations only after {word} had answered the previous one successfully")
    public void eachAfterPrevious(String a, String b) {
        ViTraffic t = traffic();
        List<ViFrame> rdma = t.rdmaRequestsFrom(world.node(a).fcId());
        assertThat(rdma).as("RDMA operations of %s", a).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < rdma.size(); i++) {
            ViFrame previous = rdma.get(i - 1);
            ViFrame answer = t.answerTo(previous).orElseThrow(() -> new AssertionError(
                    b + " never answered " + previous.describe() + t.dump()));
            assertThat(answer.status()).as("%s's answer to %s", b, previous.describe()).isEqualTo(ViStatus.SUCCESS);
            assertThat(rdma.get(i).time()).as("%s sent after %s answered", rdma.get(i).describe(), b)
                    .isGreaterThan(answer.time());
        }
    }

    @Then("{word}'s last four RDMA operations read, wrote, read and wrote {word}'s boot status, each after the previous one succeeded")
    public void lastFour(String a, String b) {
        ViTraffic t = traffic();
        List<ViFrame> rdma = t.rdmaRequestsFrom(world.node(a).fcId());
        assertThat(rdma).as("RDMA operations of %s:%s", a, t.dump()).hasSizeGreaterThanOrEqualTo(4);
        List<ViFrame> last = rdma.subList(rdma.size() - 4, rdma.size());
        assertThat(t.names(last)).as("last RDMA operations of %s", a).containsExactlyElementsOf(READ_WRITE_READ_WRITE);
        for (int i = 0; i < 4; i++) {
            ViFrame op = last.get(i);
            assertThat(op.to()).isEqualTo(world.node(b).fcId());
            ViFrame answer = t.answerTo(op).orElseThrow(() -> new AssertionError(op.describe() + " not answered"));
            assertThat(answer.status()).as("answer to %s", op.describe()).isEqualTo(ViStatus.SUCCESS);
            if (i < 3) {
                assertThat(last.get(i + 1).time()).isGreaterThan(answer.time());
            }
        }
    }

    @Then("{word} sent no RDMA operation of its own")
    public void noRdmaOfItsOwn(String b) {
        ViTraffic t = traffic();
        assertThat(t.rdmaRequestsFrom(world.node(b).fcId())).as("RDMA operations of %s:%s", b, t.dump()).isEmpty();
    }

    @Then("{word} and {word} have a ready peer-to-peer session")
    public void readySession(String a, String b) {
        for (String n : List.of(a, b)) {
            ClusterConnectionManager m = records.ccm(n);
            assertThat(m).as("%s's connection manager", n).isNotNull();
            assertThat(m.state()).as("%s's session (%s)", n, m.failure()).isEqualTo(SessionState.READY);
            assertThat(m.partnerNode()).as("%s's partner", n).isEqualTo(world.node(world.other(n)).nodeName());
        }
    }

    @Then("{word} and {word} have a ready peer-to-peer session over a VI connection")
    public void readyOverVi(String a, String b) {
        readySession(a, b);
        CcmNode na = world.node(a);
        CcmNode nb = world.node(b);
        assertThat(na.bootVi().state()).isEqualTo(ViState.CONNECTED);
        assertThat(na.bootVi().remote()).isEqualTo(nb.bootViAddress());
        assertThat(nb.bootVi().state()).isEqualTo(ViState.CONNECTED);
        assertThat(nb.bootVi().remote()).isEqualTo(na.bootViAddress());
    }

    @Then("{word} and {word} have a ready peer-to-peer session with {word}'s boot generation {int}")
    public void readyWithGeneration(String a, String b, String whose, int generation) {
        readySession(a, b);
        CcmNode n = world.node(whose);
        assertThat(n.generation()).as("%s's boot generation", whose).isEqualTo(generation);
        ClusterConnectionManager partner = records.ccm(world.other(whose));
        assertThat(partner.partnerInfo().generation()).as("generation %s's partner knows", whose).isEqualTo(generation);
    }

    @Then("{word} connected its VI {int} to VI {int} at FC_ID {fcid} before its first RDMA read")
    public void connectedBeforeRead(String a, int localVi, int remoteVi, FcId remote) {
        ViTraffic t = traffic();
        FcId self = world.node(a).fcId();
        ViFrame firstRead = t.rdmaRequestsFrom(self).stream().filter(f -> f.is(FcviProtocol.IU_READ_RQST)).findFirst()
                .orElseThrow(() -> new AssertionError(a + " sent no RDMA read" + t.dump()));
        ViFrame request = t.all().stream()
                .filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST) && f.time() < firstRead.time())
                .filter(f -> f.from().equals(self) && f.to().equals(remote) && f.iu().sourceVi() == localVi
                        && f.iu().destinationVi() == remoteVi
                        || f.from().equals(remote) && f.to().equals(self) && f.iu().sourceVi() == remoteVi
                        && f.iu().destinationVi() == localVi)
                .reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no connection request between " + self + " VI " + localVi
                        + " and " + remote + " VI " + remoteVi + " before the first read" + t.dump()));
        assertThat(t.all().stream().filter(f -> f.is(FcviProtocol.IU_CONNECT_RESP3) && f.oxId() == request.oxId()
                && f.time() < firstRead.time())).as("the connection was set up (RESP3) before the read").hasSize(1);
    }

    @Then("every RDMA operation of {word} was addressed to FC_ID {fcid}, VI {int}")
    public void rdmaAddressedTo(String a, FcId fcId, int vi) {
        List<ViFrame> rdma = traffic().rdmaRequestsFrom(world.node(a).fcId());
        assertThat(rdma).isNotEmpty().allSatisfy(f -> {
            assertThat(f.to()).as("D_ID of %s", f.describe()).isEqualTo(fcId);
            assertThat(f.iu().destinationVi()).as("VI number of %s", f.describe()).isEqualTo(vi);
        });
    }

    @Then("every RDMA read of {word} asked for the {int} bytes at address {hexvalue} of {word}'s memory, under {word}'s boot status handle")
    public void readsOfStatus(String a, int length, long address, String b, String b2) {
        CcmNode nb = world.node(b);
        MemoryRegion status = nb.port().regions().stream().filter(r -> r.address() == address).findFirst()
                .orElseThrow(() -> new AssertionError(b + " has no memory region at " + Long.toHexString(address)));
        List<ViFrame> reads = traffic().rdmaRequestsFrom(world.node(a).fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_READ_RQST)).toList();
        assertThat(reads).isNotEmpty().allSatisfy(f -> {
            FcviIu.ReadRequest r = (FcviIu.ReadRequest) f.iu();
            assertThat(r.remoteAddress()).as("address read").isEqualTo(address);
            assertThat(r.length()).as("bytes read").isEqualTo(length);
            assertThat(r.remoteHandle()).as("memory handle").isEqualTo(status.handle());
        });
        assertThat(status.length()).as("size of %s's boot status variable", b).isEqualTo(length);
    }

    @Then("what {word} read first is {word}'s boot status: node {wwn}, boot generation {int}, connection manager running")
    public void firstReadContents(String a, String b, Wwn node, int generation) {
        ViTraffic t = traffic();
        ViFrame read = t.rdmaRequestsFrom(world.node(a).fcId()).stream().filter(f -> f.is(FcviProtocol.IU_READ_RQST))
                .findFirst().orElseThrow();
        ViFrame answer = t.answerTo(read).orElseThrow(() -> new AssertionError("the first read was not answered"));
        FcviIu.ReadResponse r = (FcviIu.ReadResponse) answer.iu();
        assertThat(r.status()).isEqualTo(ViStatus.SUCCESS);
        BootStatus s = BootStatus.decode(r.data());
        assertThat(s.node()).as("node name in the status").isEqualTo(node);
        assertThat(s.generation()).as("boot generation in the status").isEqualTo(generation);
        assertThat(s.stage()).as("boot stage in the status").isEqualTo(CcmProtocol.STAGE_CCM_RUNNING);
    }

    @Then("{word}'s two RDMA writes went into the mailbox of {word}'s boot status variable, a hello and then a confirm")
    public void writesIntoMailbox(String a, String b) {
        CcmNode na = world.node(a);
        List<ViFrame> writes = traffic().rdmaRequestsFrom(na.fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_WRITE_RQST)).toList();
        assertThat(writes).hasSize(2);
        int[] steps = {CcmProtocol.STEP_HELLO, CcmProtocol.STEP_CONFIRM};
        for (int i = 0; i < 2; i++) {
            FcviIu.WriteRequest w = (FcviIu.WriteRequest) writes.get(i).iu();
            assertThat(w.remoteAddress()).as("mailbox address").isEqualTo(CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_MAILBOX);
            Mailbox m = Mailbox.decode(w.data());
            assertThat(m.writer()).as("writer named in the mailbox").isEqualTo(na.nodeName());
            assertThat(m.step()).as("step of write %d", i + 1).isEqualTo(steps[i]);
            assertThat(w.immediateData()).as("immediate data of write %d", i + 1).isEqualTo(steps[i]);
        }
        // The partner keeps the confirm in its status variable.
        Mailbox kept = world.node(b).status().mailbox();
        assertThat(kept.writer()).isEqualTo(na.nodeName());
        assertThat(kept.step()).isEqualTo(CcmProtocol.STEP_CONFIRM);
    }

    @Then("{word}'s connection manager began its first attempt when {word}'s storage operating system began initialising")
    public void beganOnOsInit(String a, String a2) {
        CcmNode n = world.node(a);
        long osStart = n.osStartedAt();
        assertThat(osStart).as("%s's OS start", a).isGreaterThan(n.poweredOnAt());
        CcmEvent started = records.ccmEvents(a).stream().filter(e -> e.kind() == CcmEvent.Kind.STARTED).findFirst()
                .orElseThrow();
        assertThat(started.timeNanos()).as("connection manager start").isEqualTo(osStart);
        ViTraffic t = traffic();
        ViFrame first = t.from(n.fcId()).stream().findFirst().orElseThrow(() -> new AssertionError(a + " sent nothing"));
        assertThat(first.time()).as("%s's first frame %s", a, first.describe()).isEqualTo(osStart);
        assertThat(t.from(n.fcId()).stream().filter(f -> f.time() < osStart)).as("frames before the OS started").isEmpty();
    }

    @Then("neither storage operating system is fully functioning yet")
    public void notFullyUp() {
        for (String n : List.of("A", "B")) {
            assertThat(world.node(n).osState()).as("%s's storage operating system", n)
                    .isEqualTo(StorageOsState.INITIALIZING);
        }
    }

    @Then("{word} knows its cluster partner as a storage system, from {word}'s boot status and from {word}'s peer connection information")
    public void partnerIsStorageSystem(String a, String b, String b2) {
        partnerKind(a, b, NodeKind.STORAGE_SYSTEM);
    }

    @Then("{word} knows its cluster partner as an application server, from {word}'s boot status and from {word}'s peer connection information")
    public void partnerIsApplicationServer(String a, String b, String b2) {
        partnerKind(a, b, NodeKind.APPLICATION_SERVER);
    }

    private void partnerKind(String a, String b, NodeKind kind) {
        ViTraffic t = traffic();
        FcId fb = world.node(b).fcId();
        ViFrame read = t.rdmaRequestsFrom(world.node(a).fcId()).stream().filter(f -> f.is(FcviProtocol.IU_READ_RQST))
                .findFirst().orElseThrow();
        BootStatus s = BootStatus.decode(((FcviIu.ReadResponse) t.answerTo(read).orElseThrow().iu()).data());
        assertThat(s.kind()).as("kind in %s's status variable", b).isEqualTo(kind);
        CcmProtocol.PeerInfo info = t.from(fb).stream().flatMap(f -> f.sessionMessage().stream())
                .filter(m -> m instanceof CcmProtocol.PeerInfo).map(m -> (CcmProtocol.PeerInfo) m).findFirst()
                .orElseThrow(() -> new AssertionError(b + " sent no peer connection information" + t.dump()));
        assertThat(info.kind()).as("kind in %s's peer connection information", b).isEqualTo(kind);
        assertThat(records.ccm(a).partnerKind()).isEqualTo(kind);
    }

    @Then("one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello")
    public void oneInitiated() {
        ClusterConnectionManager ma = records.ccm("A");
        ClusterConnectionManager mb = records.ccm("B");
        assertThat(List.of(ma.role(), mb.role())).containsExactlyInAnyOrder(ClusterConnectionManager.Role.INITIATOR,
                ClusterConnectionManager.Role.RESPONDER);
        String initiator = ma.role() == ClusterConnectionManager.Role.INITIATOR ? "A" : "B";
        String responder = world.other(initiator);
        ViTraffic t = traffic();
        List<String> names = t.names(t.rdmaRequestsFrom(world.node(initiator).fcId()));
        assertThat(names.subList(Math.max(0, names.size() - 4), names.size())).as("last RDMA operations of %s", initiator)
                .containsExactlyElementsOf(READ_WRITE_READ_WRITE);
        assertThat(records.ccm(responder).events()).as("%s's events", responder)
                .anyMatch(e -> e.kind() == CcmEvent.Kind.HELLO_ACKNOWLEDGED);
        BootStatus s = world.node(responder).status();
        assertThat(s.acknowledgedNode()).as("hello acknowledged in %s's status", responder)
                .isEqualTo(world.node(initiator).nodeName());
    }

    @Then("{word}'s first attempt ended after its RDMA write failed, without a second RDMA read")
    public void firstAttemptEndedAfterWrite(String a) {
        CcmNode n = world.node(a);
        List<String> started = records.ccmEvents(a).stream().filter(e -> e.attempt() == 1
                && e.kind() == CcmEvent.Kind.STEP_STARTED).map(CcmEvent::detail).toList();
        assertThat(started).containsExactly("FIRST_RDMA_READ", "FIRST_RDMA_WRITE");
        assertThat(records.ccmEvents(a)).anyMatch(e -> e.attempt() == 1 && e.kind() == CcmEvent.Kind.STEP_FAILED
                && e.detail().startsWith("FIRST_RDMA_WRITE"));
        List<ViFrame> fromA = traffic().from(n.fcId());
        int lost = indexOf(fromA, FcviProtocol.IU_WRITE_RQST);
        assertThat(fromA.get(lost + 1).iu().code()).as("what %s sent after the lost write", a)
                .isNotEqualTo(FcviProtocol.IU_READ_RQST);
    }

    @Then("{word} disconnected its boot VI before it tried again")
    public void disconnectedBeforeRetry(String a) {
        List<ViFrame> fromA = traffic().from(world.node(a).fcId());
        int lost = indexOf(fromA, FcviProtocol.IU_WRITE_RQST);
        ViFrame next = fromA.get(lost + 1);
        assertThat(next.iu().code()).as("frame after the failed write").isEqualTo(FcviProtocol.IU_DISCONNECT_RQST);
        assertThat(next.iu().sourceVi()).isEqualTo(CcmProtocol.BOOT_VI);
    }

    @Then("every RDMA read of {word} at {word} was refused with an RDMA protection error, reported by {word} too")
    public void readsRefused(String a, String b, String b2) {
        ViTraffic t = traffic();
        List<ViFrame> reads = t.rdmaRequestsFrom(world.node(a).fcId());
        assertThat(reads).isNotEmpty();
        for (ViFrame r : reads) {
            ViFrame answer = t.answerTo(r).orElseThrow();
            assertThat(answer.status()).as("answer to %s", r.describe()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
        }
        assertThat(records.viEvents(b, ViEvent.Kind.RDMA_PROTECTION)).as("refusals %s reported", b)
                .hasSize(reads.size());
    }

    @Then("after each hello {word} read {word}'s boot status again and again, found the hello unacknowledged every time, and never wrote a confirm")
    public void helloNeverAcknowledged(String a, String b) {
        ViTraffic t = traffic();
        CcmNode na = world.node(a);
        List<ViFrame> fromA = t.from(na.fcId());
        List<ViFrame> writes = fromA.stream().filter(f -> f.is(FcviProtocol.IU_WRITE_RQST)).toList();
        assertThat(writes).as("RDMA writes of %s:%s", a, t.dump()).isNotEmpty().allSatisfy(w -> {
            FcviIu.WriteRequest r = (FcviIu.WriteRequest) w.iu();
            assertThat(r.immediateData()).as("step of %s", w.describe()).isEqualTo(CcmProtocol.STEP_HELLO);
            assertThat(Mailbox.decode(r.data()).step()).as("mailbox step of %s", w.describe())
                    .isEqualTo(CcmProtocol.STEP_HELLO);
        });
        for (ViFrame hello : writes) {
            // The second reads of this attempt: A's reads after the hello, up to the teardown of the boot VI.
            List<ViFrame> reads = fromA.stream().filter(f -> f.time() > hello.time())
                    .takeWhile(f -> !f.is(FcviProtocol.IU_DISCONNECT_RQST) && !f.is(FcviProtocol.IU_CONNECT_RQST))
                    .filter(f -> f.is(FcviProtocol.IU_READ_RQST)).toList();
            assertThat(reads).as("second reads after %s:%s", hello.describe(), t.dump()).hasSizeGreaterThanOrEqualTo(2);
            for (ViFrame read : reads) {
                ViFrame answer = t.answerTo(read).orElseThrow(() -> new AssertionError(read.describe() + " not answered"));
                assertThat(answer.status()).as("answer to %s", read.describe()).isEqualTo(ViStatus.SUCCESS);
                BootStatus s = BootStatus.decode(((FcviIu.ReadResponse) answer.iu()).data());
                assertThat(s.acknowledgedNode()).as("acknowledgement %s read in %s's status", a, b)
                        .isNotEqualTo(na.nodeName());
            }
        }
        assertThat(world.node(b).status().mailbox().step()).as("step kept in %s's mailbox", b)
                .isEqualTo(CcmProtocol.STEP_HELLO);
    }

    @Then("{word} never wrote to {word}")
    public void neverWrote(String a, String b) {
        ViTraffic t = traffic();
        assertThat(t.rdmaRequestsFrom(world.node(a).fcId()).stream().filter(f -> f.is(FcviProtocol.IU_WRITE_RQST)))
                .as("RDMA writes of %s:%s", a, t.dump()).isEmpty();
    }

    @Then("{word}'s attempt with {word}'s first boot failed")
    public void attemptWithFirstBootFailed(String a, String b) {
        assertThat(world.node(b).generation()).as("%s's boot generation now", b).isEqualTo(2);
        assertThat(records.ccm(a).events()).as("%s's events", a).anyMatch(e -> e.kind() == CcmEvent.Kind.ATTEMPT_FAILED);
        ViTraffic t = traffic();
        // The first boot was the one A first read.
        ViFrame read = t.rdmaRequestsFrom(world.node(a).fcId()).get(0);
        BootStatus first = BootStatus.decode(((FcviIu.ReadResponse) t.answerTo(read).orElseThrow().iu()).data());
        assertThat(first.generation()).isEqualTo(1);
    }

    private static int indexOf(List<ViFrame> frames, int code) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).is(code)) {
                return i;
            }
        }
        throw new AssertionError("no " + FcviProtocol.nameOf(code) + " among the frames");
    }
}
