package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiConstants.Stage;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The initiator side of the Login Phase: optional CHAP in the Security Negotiation stage, then operational
 * negotiation, computing the session's parameters from the target's answers. Pure state machine: it turns
 * Login Responses into the next Login Request.
 */
final class InitiatorLogin {

    /** Named states of the initiator's login. */
    enum State {
        START, SECURITY_AUTH_METHOD, CHAP_ALGORITHM, CHAP_RESPONSE, SECURITY_DONE, OPERATIONAL, FULL_FEATURE_PHASE, FAILED
    }

    private static final int MAX_EXCHANGES = 16;

    private final String initiatorName;
    private final String targetName;
    private final InitiatorOptions options;
    private final RandomGenerator random;
    private final int itt;
    private State state = State.START;
    private int cmdSn;
    private int expStatSn;
    private int tsih;
    private int exchanges;
    private SessionParameters parameters = SessionParameters.DEFAULTS;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private int mutualId;
    private byte[] mutualChallenge;
    private boolean operationalOffered;

    InitiatorLogin(String initiatorName, String targetName, InitiatorOptions options, RandomGenerator random, int itt,
                   int cmdSn) {
        this.initiatorName = initiatorName;
        this.targetName = targetName;
        this.options = options;
        this.random = random;
        this.itt = itt;
        this.cmdSn = cmdSn;
        this.parameters = parameters.withInitiatorMaxRecvDataSegmentLength(options.maxRecvDataSegmentLength());
    }

    State state() {
        return state;
    }

    SessionParameters parameters() {
        return parameters;
    }

    int tsih() {
        return tsih;
    }

    int expStatSn() {
        return expStatSn;
    }

    boolean discovery() {
        return targetName == null;
    }

    private List<Pair> leading() {
        List<Pair> p = new ArrayList<>();
        p.add(new Pair("InitiatorName", initiatorName));
        p.add(new Pair("SessionType", discovery() ? "Discovery" : "Normal"));
        if (!discovery()) {
            p.add(new Pair("TargetName", targetName));
        }
        return p;
    }

    private List<Pair> operational() {
        operationalOffered = true;
        List<Pair> p = new ArrayList<>();
        p.add(new Pair("HeaderDigest", options.headerDigest() ? "CRC32C,None" : "None"));
        p.add(new Pair("DataDigest", options.dataDigest() ? "CRC32C,None" : "None"));
        p.add(new Pair("MaxRecvDataSegmentLength", Integer.toString(options.maxRecvDataSegmentLength())));
        if (!discovery()) {
            p.add(new Pair("InitialR2T", options.initialR2T() ? "Yes" : "No"));
            p.add(new Pair("ImmediateData", options.immediateData() ? "Yes" : "No"));
            p.add(new Pair("MaxBurstLength", Integer.toString(options.maxBurstLength())));
            p.add(new Pair("FirstBurstLength", Integer.toString(options.firstBurstLength())));
            p.add(new Pair("MaxOutstandingR2T", Integer.toString(options.maxOutstandingR2T())));
            p.add(new Pair("MaxConnections", "1"));
            p.add(new Pair("DataPDUInOrder", "Yes"));
            p.add(new Pair("DataSequenceInOrder", "Yes"));
        }
        p.add(new Pair("DefaultTime2Wait", "0"));
        p.add(new Pair("DefaultTime2Retain", "0"));
        p.add(new Pair("ErrorRecoveryLevel", "0"));
        return p;
    }

    private LoginRequest request(Stage csg, Stage nsg, boolean transit, List<Pair> keys) {
        return new LoginRequest(transit, false, csg.code(), transit ? nsg.code() : 0, 0, 0, options.isid(), tsih, itt, 0,
                cmdSn, expStatSn, TextParameters.encode(keys));
    }

    /** The first Login Request. */
    LoginRequest first() {
        List<Pair> keys = leading();
        if (options.chap().isPresent()) {
            keys.add(new Pair("AuthMethod", "CHAP,None"));
            state = State.SECURITY_AUTH_METHOD;
            return request(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, keys);
        }
        keys.addAll(operational());
        state = State.OPERATIONAL;
        return request(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE, true, keys);
    }

    /**
     * Processes a Login Response.
     *
     * @return the next request, or null when the connection is in the Full Feature Phase
     * @throws IscsiLoginException when the target refused the login or answered something unusable
     */
    LoginRequest next(LoginResponse r) {
        if (++exchanges > MAX_EXCHANGES) {
            return fail(null, "login did not finish within " + MAX_EXCHANGES + " exchanges");
        }
        if (r.statusClass() != 0) {
            LoginStatus s = LoginStatus.of(r.statusClass(), r.statusDetail());
            return fail(s, String.format("login refused with status 0x%02x%02x", r.statusClass(), r.statusDetail()));
        }
        if (r.itt() != itt) {
            return fail(null, "login response for another ITT");
        }
        expStatSn = r.statSn() + 1;
        if (r.tsih() != 0) {
            tsih = r.tsih();
        }
        partial.write(r.text(), 0, r.text().length);
        Stage csg = Stage.of(r.csg());
        if (r.cont()) {
            return new LoginRequest(false, false, r.csg(), 0, 0, 0, options.isid(), tsih, itt, 0, cmdSn, expStatSn, new byte[0]);
        }
        List<Pair> answer;
        try {
            answer = TextParameters.parse(partial.toByteArray());
        } catch (MalformedTextException e) {
            return fail(null, e.getMessage());
        } finally {
            partial.reset();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Pair p : answer) {
            keys.put(p.key(), p.value());
        }
        if (csg == Stage.SECURITY_NEGOTIATION) {
            LoginRequest req = security(keys, r);
            if (req != null) {
                return req;
            }
        } else {
            apply(keys);
        }
        if (r.transit()) {
            Stage nsg = Stage.of(r.nsg());
            if (nsg == Stage.FULL_FEATURE_PHASE) {
                if (tsih == 0) {
                    return fail(null, "final login response without a TSIH");
                }
                state = State.FULL_FEATURE_PHASE;
                return null;
            }
            if (nsg == Stage.LOGIN_OPERATIONAL_NEGOTIATION) {
                state = State.OPERATIONAL;
                List<Pair> ops = operationalOffered ? new ArrayList<>() : operational();
                return request(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE, true, ops);
            }
            return fail(null, "target moved to a reserved stage");
        }
        return request(csg, csg == Stage.SECURITY_NEGOTIATION ? Stage.LOGIN_OPERATIONAL_NEGOTIATION
                : Stage.FULL_FEATURE_PHASE, true, new ArrayList<>());
    }

    private LoginRequest security(Map<String, String> keys, LoginResponse r) {
        switch (state) {
            case SECURITY_AUTH_METHOD: {
                String m = keys.get("AuthMethod");
                if ("CHAP".equals(m)) {
                    state = State.CHAP_ALGORITHM;
                    return request(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, false,
                            List.of(new Pair("CHAP_A", Chap.ALGORITHM_MD5)));
                }
                if ("None".equals(m)) {
                    state = State.SECURITY_DONE;
                    return null;
                }
                fail(LoginStatus.AUTHENTICATION_FAILURE, "target answered AuthMethod=" + m);
                return null;
            }
            case CHAP_ALGORITHM: {
                String a = keys.get("CHAP_A");
                String i = keys.get("CHAP_I");
                String c = keys.get("CHAP_C");
                if (!Chap.ALGORITHM_MD5.equals(a) || i == null || c == null) {
                    fail(LoginStatus.AUTHENTICATION_FAILURE, "target did not offer CHAP with MD5 and a challenge");
                    return null;
                }
                int id;
                byte[] challenge;
                try {
                    id = Integer.parseInt(i);
                    challenge = Chap.decodeBinary(c);
                } catch (RuntimeException e) {
                    fail(LoginStatus.AUTHENTICATION_FAILURE, "unreadable CHAP challenge: " + e.getMessage());
                    return null;
                }
                ChapSecret secret = options.chap().orElseThrow();
                List<Pair> out = new ArrayList<>();
                out.add(new Pair("CHAP_N", secret.name()));
                out.add(new Pair("CHAP_R", Chap.toHex(Chap.response(id, secret.secret(), challenge))));
                if (options.mutualChap().isPresent()) {
                    mutualId = random.nextInt(256);
                    mutualChallenge = new byte[16];
                    random.nextBytes(mutualChallenge);
                    out.add(new Pair("CHAP_I", Integer.toString(mutualId)));
                    out.add(new Pair("CHAP_C", Chap.toHex(mutualChallenge)));
                }
                state = State.CHAP_RESPONSE;
                return request(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, out);
            }
            case CHAP_RESPONSE: {
                if (options.mutualChap().isPresent()) {
                    ChapSecret m = options.mutualChap().get();
                    String n = keys.get("CHAP_N");
                    String rr = keys.get("CHAP_R");
                    if (!m.name().equals(n) || rr == null || !MessageDigest.isEqual(
                            Chap.response(mutualId, m.secret(), mutualChallenge), Chap.decodeBinary(rr))) {
                        fail(LoginStatus.AUTHENTICATION_FAILURE, "the target failed mutual CHAP");
                        return null;
                    }
                }
                state = State.SECURITY_DONE;
                return null;
            }
            default:
                return null;
        }
    }

    private void apply(Map<String, String> keys) {
        for (Map.Entry<String, String> e : keys.entrySet()) {
            NegotiationKey k = NegotiationKey.of(e.getKey());
            if (k == null || !k.valid(e.getValue())) {
                continue;
            }
            if (k == NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH) {
                parameters = parameters.withTargetMaxRecvDataSegmentLength(k.number(e.getValue()));
            } else if (k.rule() == NegotiationKey.Rule.LIST) {
                if (e.getValue().equals("CRC32C") || e.getValue().equals("None")) {
                    parameters = parameters.with(k, e.getValue());
                }
            } else {
                parameters = parameters.with(k, e.getValue());
            }
        }
    }

    private LoginRequest fail(LoginStatus s, String message) {
        state = State.FAILED;
        throw new IscsiLoginException(s, message);
    }
}
