package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.RESERVED_TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.iscsi.IscsiPdu.NopIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Target-initiated NOP-In pings, on the portal's scheduler (virtual time here). */
class NopInPingTest {
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    private final VirtualScheduler clock = new VirtualScheduler(1);

    private IscsiTargetPortal portal(FakeScsiTarget core) {
        return IscsiTargetPortal.builder().bind("127.0.0.1", 0)
                .target(IscsiTargetDefinition.open(TargetFixture.TARGET, core))
                .nopInPings(clock, INTERVAL, RESPONSE_TIMEOUT).build().start();
    }

    /** TEST UNIT READY, answered: everything the client sent before it has been processed by the target. */
    private static ScsiResponsePdu testUnitReady(RawIscsiClient c) throws Exception {
        c.send(new ScsiCommandPdu(false, true, false, false, 1, 0, c.nextItt(), 0, c.cmdSn++, c.expStatSn,
                new byte[6], -1, null));
        return (ScsiResponsePdu) c.receiveParsed();
    }

    @Test
    @DisplayName("a ping answered with its Target Transfer Tag keeps the connection; an unanswered one drops it")
    void pingsKeepOrDropTheConnection() throws Exception {
        try (IscsiTargetPortal portal = portal(new FakeScsiTarget(0, 1));
             RawIscsiClient c = new RawIscsiClient(portal.localAddress())) {
            c.login(TargetFixture.TARGET);
            testUnitReady(c); // the power-on unit attention
            assertThat(c.silentFor(200)).as("no ping before the interval").isTrue();

            clock.runFor(INTERVAL);
            NopIn ping = (NopIn) c.receiveParsed();
            assertThat(ping.itt()).as("a ping is no answer to anything").isEqualTo(RESERVED_TAG);
            assertThat(ping.ttt()).as("the tag the answer must carry").isNotEqualTo(RESERVED_TAG);
            c.send(new NopOut(true, 0, RESERVED_TAG, ping.ttt(), c.cmdSn, c.expStatSn, null));
            ScsiResponsePdu after = testUnitReady(c);
            assertThat(after.statSn()).as("the ping's StatSN is the next one, not consumed").isEqualTo(ping.statSn());

            // the next ping is due one interval after the answer: run up to just before it
            clock.runFor(INTERVAL.minusSeconds(1));
            assertThat(c.silentFor(200)).as("answered: the connection stays, no new ping yet").isTrue();
            assertThat(testUnitReady(c).status()).isZero();

            clock.runFor(Duration.ofSeconds(1));
            NopIn second = (NopIn) c.receiveParsed();
            clock.runFor(RESPONSE_TIMEOUT.minusSeconds(1));
            assertThat(c.silentFor(200)).as("still waiting for the answer").isTrue();
            assertThat(second.ttt()).isNotEqualTo(RESERVED_TAG).isNotEqualTo(ping.ttt());
            clock.runFor(Duration.ofSeconds(1));
            assertThat(c.closedByPeer()).as("unanswered: the target drops the connection").isTrue();
        }
    }

    @Test
    @DisplayName("a NOP-Out with a tag no ping carried is ignored, and the real answer still counts")
    void aWrongTagIsNoAnswer() throws Exception {
        try (IscsiTargetPortal portal = portal(new FakeScsiTarget(0, 1));
             RawIscsiClient c = new RawIscsiClient(portal.localAddress())) {
            c.login(TargetFixture.TARGET);
            clock.runFor(INTERVAL);
            NopIn ping = (NopIn) c.receiveParsed();
            c.send(new NopOut(true, 0, RESERVED_TAG, ping.ttt() + 1000, c.cmdSn, c.expStatSn, null));
            testUnitReady(c);
            clock.runFor(RESPONSE_TIMEOUT.minusSeconds(1));
            c.send(new NopOut(true, 0, RESERVED_TAG, ping.ttt(), c.cmdSn, c.expStatSn, null));
            testUnitReady(c);
            clock.runFor(Duration.ofSeconds(2));
            assertThat(c.silentFor(200)).isTrue();
            assertThat(testUnitReady(c).status()).isZero();
        }
    }

    @Test
    @DisplayName("the fcspec initiator answers pings by itself")
    void theInitiatorAnswersPings() throws Exception {
        try (IscsiTargetPortal portal = portal(new FakeScsiTarget(0, 1));
             IscsiInitiator initiator = new IscsiInitiator(InitiatorAgainstTargetTest.ME, new SplittableRandom(4))) {
            InitiatorSession s = InitiatorAgainstTargetTest.await(initiator.login(portal.localAddress(),
                    TargetFixture.TARGET));
            InitiatorAgainstTargetTest.await(s.execute(0, new byte[6], new byte[0], 0)); // the power-on unit attention
            for (int i = 0; i < 4; i++) {
                clock.runFor(INTERVAL); // a ping is due one interval after the previous answer
                // The initiator answers the target's ping before it sees the reply to a ping of its own sent
                // after it; the answer is on the wire before a second such ping, so once that one's reply is
                // back the target has processed the answer.
                InitiatorAgainstTargetTest.await(s.ping(new byte[0]));
                InitiatorAgainstTargetTest.await(s.ping(new byte[0]));
            }
            clock.runFor(RESPONSE_TIMEOUT.plusSeconds(1));
            assertThat(InitiatorAgainstTargetTest.await(s.execute(0, new byte[6], new byte[0], 0)).status())
                    .as("still logged in after four pings").isZero();
        }
    }

    @Test
    @DisplayName("pings need a positive interval and response timeout")
    void settingsAreChecked() {
        assertThatThrownBy(() -> IscsiTargetPortal.builder().nopInPings(clock, Duration.ZERO, RESPONSE_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
