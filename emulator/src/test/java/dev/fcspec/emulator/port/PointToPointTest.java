package dev.fcspec.emulator.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.port.els.Adisc;
import dev.fcspec.emulator.port.els.CommonFeatures;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.els.Prli;
import dev.fcspec.emulator.port.els.RlsAcc;
import dev.fcspec.emulator.port.els.RtvAcc;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Two N_Ports on a direct link (point-to-point, no switch)")
class PointToPointTest extends PortTestSupport {
    NPort a;
    NPort b;

    @BeforeEach
    void ports() {
        a = new NPort(s, PortConfig.of(WWPN_A, WWNN_A).withFcpRoles(true, false), link.a());
        b = new NPort(s, PortConfig.of(WWPN_B, WWNN_B).withFcpRoles(false, true), link.b());
        a.addListener(events::add);
    }

    void loginBoth() {
        a.enable();
        b.enable();
        runUntil(() -> a.remotePort(b.fcId()).map(RemotePort::isReady).orElse(false)
                && b.remotePort(a.fcId()).map(RemotePort::isReady).orElse(false));
    }

    List<Frame> els(int command) {
        return wire.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REQ && f.payloadByte(0) == command).toList();
    }

    @Test
    void theHigherPortNameAssignsTheAddressesAndLogsIn() {
        loginBoth();

        assertThat(a.isPointToPoint()).isTrue();
        assertThat(b.isPointToPoint()).isTrue();
        assertThat(a.isFabricAttached()).isFalse();
        assertThat(b.fcId()).isEqualTo(NPort.PT2PT_HIGH);
        assertThat(a.fcId()).isEqualTo(NPort.PT2PT_LOW);
        assertThat(a.state()).isEqualTo(LportState.READY);
        assertThat(b.state()).isEqualTo(LportState.READY);

        List<Frame> flogi = els(ElsCommand.FLOGI);
        assertThat(flogi).hasSize(2).allSatisfy(f -> {
            assertThat(f.header().dId()).isEqualTo(FcId.FABRIC_LOGIN_SERVER);
            assertThat(f.header().sId()).isEqualTo(FcId.UNASSIGNED);
        });
        List<Frame> flogiAcc = wire.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REP
                && f.payloadLength() == LoginParameters.LENGTH).limit(2).toList();
        assertThat(flogiAcc).allSatisfy(f -> assertThat(LoginParameters.decode(f.payload(), ElsCommand.LS_ACC)
                .common().has(CommonFeatures.F_PORT)).as("an N_Port does not claim to be an F_Port").isFalse());
        assertThat(els(ElsCommand.PLOGI)).singleElement().satisfies(f -> {
            assertThat(f.header().sId()).isEqualTo(NPort.PT2PT_HIGH);
            assertThat(f.header().dId()).isEqualTo(NPort.PT2PT_LOW);
            assertThat(LoginParameters.decode(f.payload(), ElsCommand.PLOGI).portName()).isEqualTo(WWPN_B);
        });
        assertThat(els(ElsCommand.PRLI)).singleElement().satisfies(f ->
                assertThat(f.header().sId()).isEqualTo(NPort.PT2PT_HIGH));
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(
                new PortEvent.AddressAssigned(a, NPort.PT2PT_LOW, false)));
    }

    @Test
    void prliEstablishesTheFcpImagePairWithEachSidesFunction() {
        loginBoth();
        RemotePort target = a.remotePort(b.fcId()).orElseThrow();
        RemotePort initiator = b.remotePort(a.fcId()).orElseThrow();

        assertThat(target.isFcpTarget()).isTrue();
        assertThat(target.isFcpInitiator()).isFalse();
        assertThat(initiator.isFcpInitiator()).isTrue();
        assertThat(target.portName()).contains(WWPN_B);
        assertThat(initiator.nodeName()).contains(WWNN_A);
        assertThat(target.receiveDataFieldSize()).isEqualTo(2048);
        Frame acc = wire.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REP && f.payloadByte(0) == 0x02
                && f.payloadLength() == 20).findFirst().orElseThrow();
        assertThat(acc.payloadByte(6)).as("PRLI ACC flags: image pair + request executed").isEqualTo(0x21);
        assertThat(acc.payloadByte(19) & 0x20).as("initiator function").isEqualTo(0x20);
    }

    @Test
    void aPortEnabledLaterStillFindsItsPeer() {
        a.enable();
        s.runFor(Duration.ofSeconds(3));
        assertThat(a.state()).isIn(LportState.FLOGI);
        b.enable();
        runUntil(() -> a.state() == LportState.READY && b.state() == LportState.READY
                && a.remotePort(b.fcId()).map(RemotePort::isReady).orElse(false));
        assertThat(a.fcId()).isEqualTo(NPort.PT2PT_LOW);
    }

    @Test
    void withoutAPeerFlogiIsRetriedAndThenFails() {
        a.enable();
        s.runFor(Duration.ofMinutes(1));
        assertThat(a.state()).isEqualTo(LportState.FAILED);
        assertThat(els(ElsCommand.FLOGI)).hasSize(1 + a.config().maxRetries());
        b.enable();
        runUntil(() -> a.state() == LportState.READY && b.state() == LportState.READY);
    }

    @Nested
    @DisplayName("after login")
    class LoggedIn {
        RemotePort bSeenByA;

        @BeforeEach
        void login() {
            loginBoth();
            bSeenByA = a.remotePort(b.fcId()).orElseThrow();
        }

        @Test
        void adiscConfirmsTheNames() {
            CompletableFuture<Adisc> f = bSeenByA.adisc();
            settle();
            assertThat(f.join().portName()).isEqualTo(WWPN_B);
            assertThat(f.join().portId()).isEqualTo(b.fcId());
            assertThat(bSeenByA.state()).isEqualTo(RportState.READY);
        }

        @Test
        void echoReturnsTheData() {
            byte[] data = "are you there".getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<byte[]> f = bSeenByA.echo(data);
            settle();
            assertThat(f.join()).isEqualTo(data);
        }

        @Test
        void rlsCountsFramesDiscardedForABadCrc() {
            link.faults().corruptNext(2, f -> f.header().sId().equals(a.fcId()));
            bSeenByA.echo(new byte[8]);
            bSeenByA.echo(new byte[8]);
            s.runFor(Duration.ofMinutes(1));
            CompletableFuture<RlsAcc> f = bSeenByA.rls();
            settle();
            assertThat(f.join().invalidCrcs() + f.join().invalidTransmissionWords()).isEqualTo(2);
            assertThat(b.linkErrors().invalidCrcs() + b.linkErrors().invalidTransmissionWords()).isEqualTo(2);
        }

        @Test
        void rtvReportsTheTimeouts() {
            CompletableFuture<RtvAcc> f = bSeenByA.rtv();
            settle();
            assertThat(f.join()).isEqualTo(new RtvAcc(10_000, 2_000, 0));
        }

        @Test
        void logoEndsTheSessionOnBothSides() {
            CompletableFuture<Void> f = a.logout(b.fcId());
            settle();
            assertThat(f).isCompleted();
            assertThat(a.remotePort(b.fcId())).isEmpty();
            assertThat(b.remotePort(a.fcId())).isEmpty();
            assertThat(bSeenByA.state()).isEqualTo(RportState.DELETED);
            assertThat(els(ElsCommand.LOGO)).singleElement().satisfies(fr ->
                    assertThat(Logo.decode(fr.payload())).isEqualTo(new Logo(a.fcId(), WWPN_A)));
        }

        @Test
        void prloRemovesTheImagePairButKeepsTheLogin() {
            ElsPayloadAssert.acc(rawEls(a, a.fcId(), b.fcId(),
                    Prli.of(ElsCommand.PRLO, ServiceParameterPage.fcpRequest(true, false)).encode()));
            RemotePort aSeenByB = b.remotePort(a.fcId()).orElseThrow();
            assertThat(aSeenByB.state()).isEqualTo(RportState.PLOGI_COMPLETE);
            assertThat(aSeenByB.isFcpInitiator()).isFalse();
        }

        @Test
        void aNewPlogiFromALoggedInPortReplacesTheSession() {
            ElsPayloadAssert.acc(rawEls(a, a.fcId(), b.fcId(), a.plogiPayload().encode()));
            assertThat(b.remotePort(a.fcId()).orElseThrow().state()).isEqualTo(RportState.PLOGI_COMPLETE);
        }

        @Test
        void abtsOnAnFc4ExchangeTheTargetHoldsIsAnsweredWithBaAcc() {
            List<Exchange> atTarget = new ArrayList<>();
            b.registerFc4Handler(FcType.FCP, (port, remote, ex, first) -> atTarget.add(ex));
            Exchange cmd = a.originate(b.fcId(), FcType.FCP, (ex, seq) -> { });
            cmd.send(RCtl.FCP_CMND, new byte[32]);
            settle();
            assertThat(atTarget).hasSize(1);

            CompletableFuture<BlsPayload> abort = cmd.abort();
            settle();

            BaAcc acc = (BaAcc) abort.join();
            assertThat(acc.oxId()).isEqualTo(cmd.oxId());
            assertThat(acc.rxId()).isEqualTo(atTarget.get(0).rxId());
            assertThat(atTarget.get(0).state()).isEqualTo(ExchangeState.RECOVERY);
            assertThat(failure(cmd.done())).isInstanceOfSatisfying(ExchangeException.class,
                    e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.LOCAL_ABORT));
        }

        @Test
        void fc4FramesFromAPortThatIsNotLoggedInAreDiscardedAndAnsweredWithLogo() {
            List<Exchange> atTarget = new ArrayList<>();
            b.registerFc4Handler(FcType.FCP, (port, remote, ex, first) -> atTarget.add(ex));
            a.logout(b.fcId());
            settle();
            wire.clear();
            a.exchangeManager().originate(a.fcId(), b.fcId(), FcType.FCP, (x, q) -> { })
                    .send(RCtl.FCP_CMND, new byte[32]);
            settle();
            assertThat(atTarget).isEmpty();
            assertThat(els(ElsCommand.LOGO)).singleElement().satisfies(f ->
                    assertThat(f.header().sId()).isEqualTo(b.fcId()));
        }

        @Test
        void aDroppedPlogiAccIsRetriedAndTheLoginStillSucceeds() {
            a.logout(b.fcId());
            settle();
            link.faults().dropNext(1, f -> f.header().rCtl() == RCtl.ELS_REP && f.payloadLength() == 116);
            CompletableFuture<RemotePort> f = a.login(b.fcId());
            s.runFor(Duration.ofMinutes(1));
            assertThat(f.join().isReady()).isTrue();
            assertThat(els(ElsCommand.PLOGI).stream().filter(x -> x.header().sId().equals(a.fcId()))).hasSize(2);
        }

        @Test
        void plogiThatIsNeverAnsweredFailsAfterTheRetries() {
            a.logout(b.fcId());
            settle();
            link.faults().dropNext(100, f -> f.header().rCtl() == RCtl.ELS_REP);
            CompletableFuture<RemotePort> f = a.login(b.fcId());
            s.runFor(Duration.ofMinutes(5));
            assertThat(failure(f)).isInstanceOf(LoginFailedException.class);
            assertThat(a.remotePort(b.fcId()).orElseThrow().state()).isEqualTo(RportState.FAILED);
        }

        @Test
        void duplicatedRequestFramesAreAnsweredOnce() {
            link.faults().duplicateNext(1, f -> f.header().rCtl() == RCtl.ELS_REQ);
            CompletableFuture<byte[]> f = bSeenByA.echo(new byte[] {1, 2, 3, 4});
            settle();
            assertThat(f.join()).containsExactly(1, 2, 3, 4);
            assertThat(wire.stream().filter(x -> x.header().rCtl() == RCtl.ELS_REP && x.payloadLength() == 8)).hasSize(1);
            assertThat(b.exchangeManager().statistics().duplicatesDropped()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("bad requests get the right LS_RJT and change nothing")
    class Rejects {
        @BeforeEach
        void login() {
            loginBoth();
        }

        void assertRejected(byte[] request, int reason, int explanation) {
            assertRejected(a.fcId(), request, reason, explanation);
        }

        void assertRejected(FcId sId, byte[] request, int reason, int explanation) {
            Snapshot before = Snapshot.of(b);
            Object reply = rawEls(a, sId, b.fcId(), request);
            assertThat(reply).isEqualTo(LsRjt.of(reason, explanation));
            assertThat(Snapshot.of(b)).isEqualTo(before);
        }

        @Test
        void anUndefinedCommandCodeIsInvalidCommandCode() {
            assertRejected(new byte[] {(byte) 0xEE, 0, 0, 0}, LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE);
        }

        @Test
        void aDefinedButUnsupportedCommandIsCommandNotSupported() {
            assertRejected(new byte[] {0x07, 0, 0, 0, 0, 0, 0, 0}, LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
            assertRejected(new Scr(Scr.FULL).encode(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
            assertRejected(LoginParameters.fdisc(WWPN_A, WWNN_A, 2048, 2000).encode(),
                    LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
        }

        @Test
        void aTruncatedPlogiIsInvalidPayloadLength() {
            assertRejected(Arrays.copyOf(a.plogiPayload().encode(), 100), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_PAYLOAD_LENGTH);
        }

        @Test
        void aPlogiWithoutClass3IsAServiceParameterError() {
            LoginParameters p = a.plogiPayload();
            LoginParameters noClass3 = new LoginParameters(p.command(), p.common(), p.portName(), p.nodeName(),
                    p.class1(), p.class2(), dev.fcspec.emulator.port.els.ClassServiceParameters.NOT_SUPPORTED,
                    p.class4(), null);
            assertRejected(noClass3.encode(), LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.SP_OPTIONS);
        }

        @Test
        void aPlogiFromAnInvalidSourceIdIsRejected() {
            assertRejected(FcId.UNASSIGNED, a.plogiPayload().encode(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_ORIGINATOR_S_ID);
        }

        @Test
        void aPlogiCarryingTheResponderOwnPortNameIsRejected() {
            assertRejected(LoginParameters.plogi(WWPN_B, WWNN_A, 2048, 2000).encode(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_PORT_NAME);
        }

        @Test
        void prliAdiscAndPrloWithoutPlogiNeedNPortLogin() {
            a.logout(b.fcId());
            settle();
            assertRejected(Prli.of(ElsCommand.PRLI, ServiceParameterPage.fcpRequest(true, false)).encode(),
                    LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            assertRejected(Prli.of(ElsCommand.PRLO, ServiceParameterPage.fcpRequest(true, false)).encode(),
                    LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            assertRejected(new Adisc(ElsCommand.ADISC, FcId.UNASSIGNED, WWPN_A, WWNN_A, a.fcId()).encode(),
                    LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
        }

        @Test
        void aLogoNamingAnotherPortIdIsRejected() {
            assertRejected(new Logo(FcId.of(9, 9, 9), WWPN_A).encode(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_N_PORT_ID);
        }

        @Test
        void everyRejectIsReportedToListeners() {
            List<PortEvent> atB = new ArrayList<>();
            b.addListener(atB::add);
            rawEls(a, a.fcId(), b.fcId(), new byte[] {(byte) 0xEE, 0, 0, 0});
            assertThat(atB).singleElement().isEqualTo(new PortEvent.ElsRejected(b, a.fcId(), 0xEE,
                    LsRjt.of(LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE)));
        }
    }

    /** Small helper so a test reads "the reply is an LS_ACC". */
    static final class ElsPayloadAssert {
        static void acc(Object reply) {
            assertThat(reply).as("reply").isNotInstanceOf(LsRjt.class);
        }
    }
}
