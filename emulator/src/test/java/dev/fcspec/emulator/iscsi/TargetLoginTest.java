package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.RawIscsiClient.INITIATOR;
import static dev.fcspec.emulator.iscsi.RawIscsiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextResponse;
import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TargetLoginTest {

    static Map<String, String> keys(byte[] text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Pair p : TextParameters.parse(text)) {
            m.put(p.key(), p.value());
        }
        return m;
    }

    static LoginStatus status(LoginResponse r) {
        return LoginStatus.of(r.statusClass(), r.statusDetail());
    }

    @Test
    @DisplayName("a login in one operational-stage request goes to the Full Feature Phase with negotiated values")
    void operationalLoginNegotiatesEveryKey() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            LoginResponse r = c.login(TargetFixture.TARGET, "HeaderDigest=None,CRC32C", "DataDigest=None",
                    "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144", "FirstBurstLength=524288",
                    "DefaultTime2Wait=2", "DefaultTime2Retain=0", "MaxOutstandingR2T=1", "ErrorRecoveryLevel=2",
                    "IFMarker=No", "OFMarker=No", "MaxConnections=8", "MaxRecvDataSegmentLength=65536",
                    "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes", "X-com.example.key=1");
            assertThat(status(r)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(r.transit()).isTrue();
            assertThat(r.nsg()).isEqualTo(3);
            assertThat(r.tsih()).isNotZero();
            assertThat(r.isid()).isEqualTo(0x023d000001L);
            Map<String, String> k = keys(r.text());
            assertThat(k).containsEntry("TargetPortalGroupTag", "1")
                    .containsEntry("HeaderDigest", "None")
                    .containsEntry("DataDigest", "None")
                    .containsEntry("InitialR2T", "No")
                    .containsEntry("ImmediateData", "Yes")
                    .containsEntry("MaxBurstLength", "262144")
                    .containsEntry("FirstBurstLength", "65536")
                    .containsEntry("DefaultTime2Wait", "2")
                    .containsEntry("DefaultTime2Retain", "0")
                    .containsEntry("ErrorRecoveryLevel", "0")
                    .containsEntry("MaxConnections", "4")
                    .containsEntry("IFMarker", "No")
                    .containsEntry("MaxRecvDataSegmentLength", "262144")
                    .containsEntry("X-com.example.key", "NotUnderstood");
            assertThat(r.expCmdSn()).isEqualTo(1);
            assertThat(r.maxCmdSn()).isEqualTo(128);
            assertThat(f.portal.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void securityStageWithAuthMethodNoneThenOperationalStage() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.send(c.loginRequest(1, 0, 0, 1, true, text("InitiatorName=" + INITIATOR, "SessionType=Normal",
                    "TargetName=" + TargetFixture.TARGET, "AuthMethod=CHAP,None")));
            LoginResponse r1 = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r1)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(keys(r1.text())).containsEntry("AuthMethod", "None");
            assertThat(r1.transit()).isTrue();
            assertThat(r1.csg()).isZero();
            assertThat(r1.nsg()).isEqualTo(1);
            assertThat(r1.tsih()).isZero();
            c.send(c.loginRequest(1, 0, 1, 3, true, text("HeaderDigest=CRC32C", "DataDigest=CRC32C")));
            LoginResponse r2 = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(r2.statSn()).isEqualTo(r1.statSn() + 1);
            assertThat(keys(r2.text())).containsEntry("HeaderDigest", "CRC32C").containsEntry("DataDigest", "CRC32C");
            assertThat(r2.nsg()).isEqualTo(3);
            c.headerDigest = true;
            c.dataDigest = true;
            c.send(new IscsiPdu.NopOut(true, 0, 77, -1, 1, r2.statSn() + 1, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})));
            IscsiPdu.NopIn in = (IscsiPdu.NopIn) PduParser.parseFromTarget(c.receive());
            assertThat(in.itt()).isEqualTo(77);
            assertThat(in.statSn()).isEqualTo(r2.statSn() + 1);
        }
    }

    @Test
    void loginTextContinuedOverTwoPdus() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            byte[] all = text("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET, "ImmediateData=No");
            byte[] a = java.util.Arrays.copyOfRange(all, 0, 20);
            byte[] b = java.util.Arrays.copyOfRange(all, 20, all.length);
            c.send(new LoginRequest(false, true, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, a));
            LoginResponse r1 = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r1)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(r1.text()).isEmpty();
            assertThat(r1.transit()).isFalse();
            c.send(new LoginRequest(true, false, 1, 3, 0, 0, 1, 0, 1, 0, 1, 0, b));
            LoginResponse r2 = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r2)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(keys(r2.text())).containsEntry("ImmediateData", "No");
            assertThat(r2.transit()).isTrue();
        }
    }

    private static LoginStatus failedLogin(TargetFixture f, LoginRequest req) throws Exception {
        try (RawIscsiClient c = f.client()) {
            c.send(req);
            LoginResponse r = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(c.closedByPeer()).as("connection closed after a failed login").isTrue();
            assertThat(r.transit()).isFalse();
            return status(r);
        }
    }

    private static LoginRequest op(String... keys) {
        return new LoginRequest(true, false, 1, 3, 0, 0, 1, 0, 1, 0, 1, 0, text(keys));
    }

    @Test
    void loginErrorsAreAnsweredWithTheirStatusAndTheConnectionIsClosed() throws Exception {
        try (TargetFixture f = new TargetFixture()) {
            String in = "InitiatorName=" + INITIATOR;
            String tn = "TargetName=" + TargetFixture.TARGET;
            assertThat(failedLogin(f, op(in, "TargetName=iqn.2024-01.dev.fcspec.test:nothing")))
                    .isEqualTo(LoginStatus.NOT_FOUND);
            assertThat(failedLogin(f, op(tn))).isEqualTo(LoginStatus.MISSING_PARAMETER);
            assertThat(failedLogin(f, op(in, "SessionType=Normal"))).isEqualTo(LoginStatus.MISSING_PARAMETER);
            assertThat(failedLogin(f, op(in, tn, "SessionType=Weird"))).isEqualTo(LoginStatus.SESSION_TYPE_NOT_SUPPORTED);
            assertThat(failedLogin(f, op(in, tn, "ImmediateData=Yes", "ImmediateData=No")))
                    .isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(failedLogin(f, new LoginRequest(true, false, 1, 3, 2, 1, 1, 0, 1, 0, 1, 0, text(in, tn))))
                    .isEqualTo(LoginStatus.UNSUPPORTED_VERSION);
            assertThat(failedLogin(f, new LoginRequest(true, true, 1, 3, 0, 0, 1, 0, 1, 0, 1, 0, text(in, tn))))
                    .as("T and C both set").isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(failedLogin(f, new LoginRequest(true, false, 2, 3, 0, 0, 1, 0, 1, 0, 1, 0, text(in, tn))))
                    .as("reserved stage 2").isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(failedLogin(f, new LoginRequest(true, false, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, text(in, tn))))
                    .as("transit backwards").isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(failedLogin(f, new LoginRequest(true, false, 1, 3, 0, 0, 1, 0x99, 1, 0, 1, 0, text(in, tn))))
                    .isEqualTo(LoginStatus.SESSION_DOES_NOT_EXIST);
            assertThat(failedLogin(f, op("InitiatorName=not-an-iscsi-name", tn))).isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(failedLogin(f, new LoginRequest(true, false, 1, 3, 0, 0, 1, 0, 1, 0, 1, 0,
                    "NoEquals\0".getBytes()))).isEqualTo(LoginStatus.INITIATOR_ERROR);
            assertThat(f.portal.sessionCount()).isZero();
        }
    }

    @Test
    void invalidOrUnknownValuesAreAnsweredInTheResponseWithoutFailingTheLogin() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            LoginResponse r = c.login(TargetFixture.TARGET, "MaxBurstLength=100", "ImmediateData=Perhaps",
                    "HeaderDigest=MD5", "IFMarkInt=2048~8192", "TargetAlias=me");
            assertThat(status(r)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(keys(r.text())).containsEntry("MaxBurstLength", "Reject").containsEntry("ImmediateData", "Reject")
                    .containsEntry("HeaderDigest", "Reject").containsEntry("IFMarkInt", "Irrelevant")
                    .containsEntry("TargetAlias", "Reject");
        }
    }

    @Test
    void aPduOtherThanLoginDuringTheLoginPhaseClosesTheConnection() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.send(new IscsiPdu.NopOut(true, 0, 1, -1, 1, 0, null));
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void initiatorsOutsideTheAllowedListGetAuthorizationFailure() throws Exception {
        try (TargetFixture f = new TargetFixture(TargetSettings.DEFAULTS, core -> new IscsiTargetDefinition(
                TargetFixture.TARGET, "", core, 1, Optional.empty(), Optional.empty(), Set.of("iqn.2024-01.x:other")))) {
            assertThat(failedLogin(f, op("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET)))
                    .isEqualTo(LoginStatus.AUTHORIZATION_FAILURE);
        }
    }

    static final ChapSecret SECRET = new ChapSecret("alice", "correct horse battery");
    static final ChapSecret TARGET_SECRET = new ChapSecret("target", "staple of the battery");

    private static TargetFixture chapTarget() {
        return new TargetFixture(TargetSettings.DEFAULTS, core -> new IscsiTargetDefinition(TargetFixture.TARGET, "disk",
                core, 1, Optional.of(SECRET), Optional.of(TARGET_SECRET), Set.of()));
    }

    private static Map<String, String> chapChallenge(RawIscsiClient c) throws Exception {
        c.send(c.loginRequest(1, 0, 0, 1, true, text("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET,
                "AuthMethod=CHAP,None")));
        LoginResponse r1 = (LoginResponse) PduParser.parseFromTarget(c.receive());
        assertThat(keys(r1.text())).containsEntry("AuthMethod", "CHAP").containsEntry("TargetAlias", "disk");
        assertThat(r1.transit()).as("no transit before authentication").isFalse();
        c.send(c.loginRequest(1, 0, 0, 1, false, text("CHAP_A=7,5")));
        LoginResponse r2 = (LoginResponse) PduParser.parseFromTarget(c.receive());
        Map<String, String> k = keys(r2.text());
        assertThat(k).containsEntry("CHAP_A", "5").containsKeys("CHAP_I", "CHAP_C");
        return k;
    }

    @Test
    @DisplayName("CHAP: the target challenges, checks MD5(id, secret, challenge) and answers a mutual challenge")
    void chapAuthentication() throws Exception {
        try (TargetFixture f = chapTarget(); RawIscsiClient c = f.client()) {
            Map<String, String> k = chapChallenge(c);
            int id = Integer.parseInt(k.get("CHAP_I"));
            byte[] challenge = Chap.decodeBinary(k.get("CHAP_C"));
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            md5.update((byte) id);
            md5.update(SECRET.secret().getBytes());
            md5.update(challenge);
            String response = "0x" + HexFormat.of().formatHex(md5.digest());
            byte[] myChallenge = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
            c.send(c.loginRequest(1, 0, 0, 1, true, text("CHAP_N=alice", "CHAP_R=" + response, "CHAP_I=33",
                    "CHAP_C=0x" + HexFormat.of().formatHex(myChallenge))));
            LoginResponse r3 = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r3)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(r3.transit()).isTrue();
            Map<String, String> k3 = keys(r3.text());
            md5.reset();
            md5.update((byte) 33);
            md5.update(TARGET_SECRET.secret().getBytes());
            md5.update(myChallenge);
            assertThat(k3).containsEntry("CHAP_N", "target")
                    .containsEntry("CHAP_R", "0x" + HexFormat.of().formatHex(md5.digest()));
            c.send(c.loginRequest(1, 0, 1, 3, true, text("ImmediateData=Yes")));
            assertThat(status((LoginResponse) PduParser.parseFromTarget(c.receive()))).isEqualTo(LoginStatus.SUCCESS);
        }
    }

    @Test
    void aWrongChapResponseIsAnAuthenticationFailure() throws Exception {
        try (TargetFixture f = chapTarget(); RawIscsiClient c = f.client()) {
            chapChallenge(c);
            c.send(c.loginRequest(1, 0, 0, 1, true, text("CHAP_N=alice", "CHAP_R=0x00112233445566778899aabbccddeeff")));
            LoginResponse r = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r)).isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void skippingTheSecurityStageOfATargetThatRequiresChapFails() throws Exception {
        try (TargetFixture f = chapTarget()) {
            assertThat(failedLogin(f, op("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET)))
                    .isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
        }
    }

    @Test
    void discoverySessionAnswersSendTargetsAndRejectsScsiCommands() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.send(c.loginRequest(2, 0, 1, 3, true, text("InitiatorName=" + INITIATOR, "SessionType=Discovery")));
            LoginResponse r = (LoginResponse) PduParser.parseFromTarget(c.receive());
            assertThat(status(r)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(keys(r.text())).doesNotContainKey("TargetPortalGroupTag");
            c.send(new TextRequest(true, true, false, 0, 5, -1, 1, r.statSn() + 1, text("SendTargets=All")));
            TextResponse t = (TextResponse) PduParser.parseFromTarget(c.receive());
            assertThat(t.finalFlag()).isTrue();
            assertThat(TextParameters.parse(t.text())).containsExactly(
                    new Pair("TargetName", TargetFixture.TARGET),
                    new Pair("TargetAddress", "127.0.0.1:" + f.address().getPort() + ",1"));
            c.send(new IscsiPdu.ScsiCommandPdu(false, true, true, false, 1, 0, 6, 36, 1, t.statSn() + 1,
                    new byte[] {0x12, 0, 0, 0, 36, 0}, -1, null));
            IscsiPdu.Reject rej = (IscsiPdu.Reject) PduParser.parseFromTarget(c.receive());
            assertThat(rej.rejectReason()).isEqualTo(IscsiConstants.RejectReason.PROTOCOL_ERROR);
            assertThat(f.core.commands).isEmpty();
        }
    }
}
