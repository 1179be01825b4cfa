package dev.fcspec.emulator.mirror;

import static dev.fcspec.emulator.mirror.LoopbackNetwork.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.history.History;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mirror engine: local write, copies to the other servers, reads from a surviving copy")
class MirrorEngineTest {
    private static final int BS = LoopbackNetwork.BS;
    private final VirtualScheduler scheduler = new VirtualScheduler(7);
    private final LoopbackNetwork net = new LoopbackNetwork(scheduler, Duration.ofNanos(5_000));
    private final List<MirrorEngine> engines = new ArrayList<>();

    private void group(int n) {
        for (int i = 1; i <= n; i++) {
            engines.add(net.engine(i));
        }
        for (MirrorEngine e : engines) {
            Map<Integer, String> peers = new LinkedHashMap<>();
            engines.stream().filter(o -> o != e).forEach(o -> peers.put(o.serverId(), o.serverName()));
            e.start(net.transportOf(e.serverId()), peers);
        }
    }

    private MirrorEngine s(int i) {
        return engines.get(i - 1);
    }

    private boolean identical(long lba, int blocks) {
        for (long b = lba; b < lba + blocks; b++) {
            for (MirrorEngine e : engines) {
                if (!Arrays.equals(e.device().inspect(b), s(1).device().inspect(b))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void aWriteIsExecutedLocallyAndItsCopyOnEveryOtherServer() {
        group(3);
        assertThat(net.write(s(1), 10, pattern(1, 4)).ok()).isTrue();
        for (MirrorEngine e : engines) {
            assertThat(e.device().inspect(12)).as("block 12 on %s", e.serverName()).isEqualTo(pattern(1, 1));
        }
        assertThat(s(1).events()).extracting(MirrorEngine.Event::kind).containsSubsequence(
                MirrorEngine.EventKind.LOCAL_WRITE, MirrorEngine.EventKind.COPY_SENT,
                MirrorEngine.EventKind.COPY_ACKNOWLEDGED);
        assertThat(s(2).events()).extracting(MirrorEngine.Event::kind).contains(MirrorEngine.EventKind.COPY_EXECUTED);
        assertThat(s(3).events()).extracting(MirrorEngine.Event::kind).contains(MirrorEngine.EventKind.COPY_EXECUTED);
    }

    @Test
    void aWriteIsAcknowledgedOnlyAfterTheCopiesAre() {
        group(2);
        MirrorEngine.Result[] r = new MirrorEngine.Result[1];
        s(1).write(0, pattern(3, 1), x -> r[0] = x);
        scheduler.runUntil(() -> s(2).device().writes() > 0, Duration.ofSeconds(1));
        assertThat(r[0]).as("acknowledged before the copy's reply came back").isNull();
        scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(1));
        assertThat(r[0].ok()).isTrue();
    }

    @Test
    void concurrentWritesToOneRegionFromTwoServersLeaveIdenticalCopies() {
        group(2);
        History history = new History(scheduler, BS);
        for (int round = 0; round < 20; round++) {
            int a = 2 * round + 1;
            int b = 2 * round + 2;
            History.Op ha = history.invokeWrite("s1", "lba0", pattern(a, 1));
            History.Op hb = history.invokeWrite("s2", "lba0", pattern(b, 1));
            boolean[] done = new boolean[2];
            s(1).write(0, pattern(a, 1), x -> { history.ok(ha, null); done[0] = true; });
            s(2).write(0, pattern(b, 1), x -> { history.ok(hb, null); done[1] = true; });
            assertThat(scheduler.runUntil(() -> done[0] && done[1], Duration.ofSeconds(5))).isTrue();
            for (MirrorEngine e : engines) {
                History.Op r = history.invokeRead(e.serverName(), "lba0");
                history.ok(r, net.read(e, 0, 1).data());
            }
        }
        assertThat(identical(0, 1)).as("copies identical").isTrue();
        assertThat(history.check()).as("history").isEmpty();
        assertThat(s(1).policing().events()).extracting(PolicingModule.Event::kind)
                .contains(PolicingModule.EventKind.DEFERRED);
    }

    @Test
    void withoutPolicingConcurrentWritesLeaveTheCopiesDifferent() {
        group(2);
        engines.forEach(e -> e.injectFault(MirrorFault.NO_WRITE_PRIORITY));
        boolean[] done = new boolean[2];
        s(1).write(0, pattern(1, 1), x -> done[0] = true);
        s(2).write(0, pattern(2, 1), x -> done[1] = true);
        scheduler.runUntil(() -> done[0] && done[1], Duration.ofSeconds(5));
        assertThat(identical(0, 1)).as("copies identical").isFalse();
    }

    @Test
    void anOfflineServerIsLeftOutAfterThePeerTimeoutAndWritesGoOn() {
        group(2);
        s(2).goOffline();
        MirrorEngine.Result r = net.write(s(1), 0, pattern(4, 2));
        assertThat(r.ok()).isTrue();
        assertThat(s(1).peers()).containsEntry(2, MirrorEngine.PeerState.UNREACHABLE);
        assertThat(s(2).device().writes()).isZero();
        long before = net.requests;
        assertThat(net.write(s(1), 2, pattern(5, 1)).ok()).isTrue();
        assertThat(net.requests).as("no more messages to an unreachable server").isEqualTo(before);
    }

    @Test
    void aReadOnAServerWhoseDeviceFailedIsServedFromAnotherServersCopy() {
        group(2);
        net.write(s(2), 30, pattern(9, 3));
        s(2).device().fail();
        long reads1 = s(1).device().reads();
        MirrorEngine.Result r = net.read(s(2), 30, 3);
        assertThat(r.ok()).isTrue();
        assertThat(r.data()).isEqualTo(pattern(9, 3));
        assertThat(r.servedBy()).isEqualTo(1);
        assertThat(s(1).device().reads()).isEqualTo(reads1 + 1);
    }

    @Test
    void aWriteOnAServerWhoseDeviceFailedStillReachesTheOtherCopies() {
        group(2);
        s(1).device().fail();
        assertThat(net.write(s(1), 0, pattern(6, 1)).ok()).isTrue();
        assertThat(s(2).device().inspect(0)).isEqualTo(pattern(6, 1));
    }

    @Test
    void malformedRequestsAreAnsweredWithTheDefectAndChangeNothing() {
        group(2);
        List<MirrorMessage> replies = new ArrayList<>();
        Consumer<byte[]> collect = b -> replies.add(MirrorProtocol.decode(b));
        byte[] bad = MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 77, 1,
                java.nio.ByteBuffer.allocate(12 + 700).putLong(0).putInt(512).array()));
        net.inject(1, 2, bad, collect);
        net.inject(1, 2, new byte[5], collect);
        byte[] outOfRange = MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 78, 1,
                new MirrorProtocol.WriteCopy(1 << 20, BS, pattern(1, 1)).encode()));
        net.inject(1, 2, outOfRange, collect);
        byte[] stranger = MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 79, 9,
                new MirrorProtocol.WriteCopy(0, BS, pattern(1, 1)).encode()));
        net.inject(-1, 2, stranger, collect);
        assertThat(replies).extracting(MirrorMessage::status).containsExactly(
                MirrorProtocol.STATUS_INVALID_PARAMETERS, MirrorProtocol.STATUS_MALFORMED,
                MirrorProtocol.STATUS_OUT_OF_RANGE, MirrorProtocol.STATUS_NOT_A_MEMBER);
        assertThat(replies.get(0).messageId()).isEqualTo(77);
        assertThat(replies.get(0).opcode()).isEqualTo(MirrorProtocol.OP_WRITE_COPY | MirrorProtocol.REPLY_BIT);
        assertThat(s(2).device().writes()).as("nothing written").isZero();
        assertThat(s(2).policing().activeClaims()).isEmpty();
        assertThat(net.write(s(1), 0, pattern(2, 1)).ok()).as("the group still works").isTrue();
        assertThat(s(2).device().inspect(0)).isEqualTo(pattern(2, 1));
    }

    @Test
    void withoutCopiesTheOtherServerNeverSeesTheData() {
        group(2);
        s(1).injectFault(MirrorFault.NO_COPIES);
        net.write(s(1), 0, pattern(8, 1));
        assertThat(identical(0, 1)).isFalse();
    }

    @Test
    void aServerComingBackCatchesUpOnTheRegionsWrittenWhileItWasAway() {
        group(2);
        net.write(s(1), 0, pattern(1, 2));
        s(2).goOffline();
        net.write(s(1), 0, pattern(2, 2));
        net.write(s(1), 200, pattern(3, 1));
        assertThat(s(1).missedBy(2)).containsExactly(0L, 3L);
        assertThat(identical(0, 2)).isFalse();
        boolean[] back = {false};
        s(2).rejoin(() -> back[0] = true);
        assertThat(s(2).state()).isEqualTo(MirrorEngine.ServerState.RESYNCHRONISING);
        assertThat(scheduler.runUntil(() -> back[0], Duration.ofSeconds(10))).isTrue();
        assertThat(s(2).state()).isEqualTo(MirrorEngine.ServerState.ONLINE);
        assertThat(identical(0, 2)).isTrue();
        assertThat(identical(200, 1)).isTrue();
        assertThat(s(1).missedBy(2)).isEmpty();
        assertThat(s(1).peers()).containsEntry(2, MirrorEngine.PeerState.REACHABLE);
        net.write(s(1), 0, pattern(4, 1));
        assertThat(s(2).device().inspect(0)).as("copies reach the returned server again").isEqualTo(pattern(4, 1));
    }

    @Test
    void aRejoinWithParametersIsRefusedAndChangesNothing() {
        group(2);
        List<MirrorMessage> replies = new ArrayList<>();
        net.inject(1, 2, MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_REJOIN, 5, 1, new byte[3])),
                b -> replies.add(MirrorProtocol.decode(b)));
        assertThat(replies).extracting(MirrorMessage::status).containsExactly(MirrorProtocol.STATUS_INVALID_PARAMETERS);
        assertThat(s(2).events()).noneMatch(e -> e.kind() == MirrorEngine.EventKind.PEER_REJOINED);
    }

    @Test
    void withThreeServersOneCutOffFromTheOthersRefusesReadsAndWritesWhileTheMajorityGoesOn() {
        group(3);
        net.write(s(1), 0, pattern(1, 1));
        net.isolate(3);
        assertThat(net.write(s(1), 0, pattern(2, 1)).ok()).as("the majority writes on").isTrue();
        assertThat(s(1).peers()).containsEntry(3, MirrorEngine.PeerState.UNREACHABLE);
        MirrorEngine.Result r = net.read(s(3), 0, 1);
        assertThat(r.ok()).as("a read on the cut-off server").isFalse();
        assertThat(r.cutOff()).isTrue();
        assertThat(net.write(s(3), 0, pattern(3, 1)).cutOff()).as("a write on the cut-off server").isTrue();
        assertThat(s(3).device().inspect(0)).as("the cut-off server wrote nothing").isEqualTo(pattern(1, 1));
        assertThat(s(1).device().inspect(0)).isEqualTo(pattern(2, 1));
        net.heal(3);
        boolean[] back = {false};
        s(3).rejoin(() -> back[0] = true);
        assertThat(scheduler.runUntil(() -> back[0], Duration.ofSeconds(10))).isTrue();
        assertThat(net.read(s(3), 0, 1).data()).as("after catching up").isEqualTo(pattern(2, 1));
        assertThat(identical(0, 1)).isTrue();
    }

    @Test
    void withTwoServersTheOneLeftGoesOnAlone() {
        group(2);
        net.isolate(2);
        assertThat(net.write(s(1), 0, pattern(1, 1)).ok()).isTrue();
        assertThat(s(1).inMajority()).isTrue();
    }
}
