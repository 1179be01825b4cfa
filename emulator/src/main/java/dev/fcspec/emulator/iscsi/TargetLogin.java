package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiConstants.Stage;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The target side of the iSCSI Login Phase (RFC 7143 sections 6 and 7.?): security negotiation with
 * AuthMethod None or CHAP, operational negotiation, and the move to the Full Feature Phase. One instance per
 * connection; it only computes responses, the connection sends them.
 */
public final class TargetLogin {

    /** Named states of the login. */
    public enum State {
        /** No login request seen yet. */
        AWAIT_FIRST_REQUEST,
        /** In the Security Negotiation stage, no authentication method chosen yet. */
        SECURITY_NEGOTIATION,
        /** CHAP chosen; waiting for CHAP_A. */
        CHAP_AWAIT_ALGORITHM,
        /** Challenge sent; waiting for CHAP_N and CHAP_R. */
        CHAP_AWAIT_RESPONSE,
        /** Authentication done (or not needed), still in the Security Negotiation stage. */
        SECURITY_COMPLETE,
        /** In the Login Operational Negotiation stage. */
        OPERATIONAL_NEGOTIATION,
        /** Login complete: the connection is in the Full Feature Phase. */
        FULL_FEATURE_PHASE,
        /** Login failed; the connection must be closed. */
        FAILED
    }

    /** Session types (SessionType key). */
    public enum SessionType {
        NORMAL, DISCOVERY
    }

    /** What a joining connection learns about the session it joins (TSIH != 0). */
    public record JoinedSession(SessionParameters parameters, int expCmdSn, int maxCmdSn, int connectionCount) {
    }

    /** What the login needs from the portal. */
    public interface Context {
        TargetSettings settings();

        int portalGroupTag();

        Optional<IscsiTargetDefinition> findTarget(String name);

        /** The session a new connection wants to join, if it exists for this initiator and ISID. */
        Optional<JoinedSession> findSession(String initiatorName, long isid, int tsih);

        /** A fresh non-zero TSIH. */
        int newTsih();

        RandomGenerator random();

        /**
         * Counts this connection against the portal's limit of connections per InitiatorName; false when the
         * initiator already has as many as it may.
         */
        default boolean admitInitiator(String initiatorName) {
            return true;
        }
    }

    /** The response to send and what happens next. */
    public record Step(LoginResponse response, State state, LoginStatus status) {
        public boolean complete() {
            return state == State.FULL_FEATURE_PHASE;
        }

        public boolean failed() {
            return state == State.FAILED;
        }
    }

    private final Context context;
    private State state = State.AWAIT_FIRST_REQUEST;
    private Stage stage;
    private long isid;
    private int tsih;
    private int cid;
    private int expCmdSn;
    private int maxCmdSn;
    private int statSn;
    private final ByteArrayOutputStream pendingText = new ByteArrayOutputStream();
    private final Set<String> seenKeys = new HashSet<>();
    private String initiatorName;
    private String initiatorAlias = "";
    private SessionType sessionType;
    private IscsiTargetDefinition target;
    private JoinedSession joined;
    private SessionParameters parameters;
    private boolean declaredMaxRecv;
    private boolean firstResponseSent;
    private int chapIdentifier;
    private byte[] chapChallenge;

    public TargetLogin(Context context) {
        this.context = context;
        this.parameters = SessionParameters.DEFAULTS
                .withTargetMaxRecvDataSegmentLength(context.settings().maxRecvDataSegmentLength());
    }

    public State state() {
        return state;
    }

    public String initiatorName() {
        return initiatorName;
    }

    public String initiatorAlias() {
        return initiatorAlias;
    }

    public SessionType sessionType() {
        return sessionType;
    }

    /** The target logged in to (null for discovery sessions). */
    public IscsiTargetDefinition target() {
        return target;
    }

    public long isid() {
        return isid;
    }

    public int tsih() {
        return tsih;
    }

    public int cid() {
        return cid;
    }

    /** True when this connection joins an existing session. */
    public boolean joining() {
        return joined != null;
    }

    public SessionParameters parameters() {
        return parameters;
    }

    /** The CmdSN the initiator will use next (from the login request). */
    public int expCmdSn() {
        return expCmdSn;
    }

    /** The StatSN of the next status PDU after the login. */
    public int nextStatSn() {
        return statSn;
    }

    /** Processes one Login Request and returns the response. */
    public Step handle(LoginRequest req) {
        if (state == State.FAILED || state == State.FULL_FEATURE_PHASE) {
            throw new IllegalStateException("login already " + state);
        }
        boolean first = state == State.AWAIT_FIRST_REQUEST;
        if (first) {
            isid = req.isid();
            tsih = req.tsih();
            cid = req.cid();
            expCmdSn = req.cmdSn();
            maxCmdSn = expCmdSn + context.settings().commandWindow() - 1;
            statSn = req.expStatSn();
            if (req.versionMin() > 0 || req.versionMax() < req.versionMin()) {
                return fail(req, LoginStatus.UNSUPPORTED_VERSION);
            }
        } else if (req.isid() != isid || req.tsih() != tsih || req.cid() != cid) {
            return fail(req, LoginStatus.INITIATOR_ERROR);
        }
        if (req.transit() && req.cont()) {
            return fail(req, LoginStatus.INITIATOR_ERROR);
        }
        Stage csg = Stage.of(req.csg());
        if (csg == null || csg == Stage.FULL_FEATURE_PHASE || (!first && csg != stage)) {
            return fail(req, LoginStatus.INITIATOR_ERROR);
        }
        Stage nsg = null;
        if (req.transit()) {
            nsg = Stage.of(req.nsg());
            if (nsg == null || nsg.code() <= csg.code()) {
                return fail(req, LoginStatus.INITIATOR_ERROR);
            }
        }
        stage = csg;
        pendingText.write(req.text(), 0, req.text().length);
        if (pendingText.size() > IscsiConstants.MAX_TEXT_NEGOTIATION_LENGTH) {
            return fail(req, LoginStatus.INITIATOR_ERROR);
        }
        if (req.cont()) {
            if (first) {
                state = csg == Stage.SECURITY_NEGOTIATION ? State.SECURITY_NEGOTIATION : State.OPERATIONAL_NEGOTIATION;
                firstPending = true;
            }
            return respond(req, false, 0, new ArrayList<>(), LoginStatus.SUCCESS);
        }
        List<Pair> offered;
        try {
            offered = TextParameters.parse(pendingText.toByteArray());
        } catch (MalformedTextException e) {
            return fail(req, LoginStatus.INITIATOR_ERROR);
        } finally {
            pendingText.reset();
        }
        Set<String> inThisPdu = new HashSet<>();
        for (Pair p : offered) {
            if (!inThisPdu.add(p.key()) || (!p.key().startsWith("CHAP_") && seenKeys.contains(p.key()))) {
                return fail(req, LoginStatus.INITIATOR_ERROR);
            }
        }
        seenKeys.addAll(inThisPdu);
        List<Pair> answer = new ArrayList<>();
        if (first || firstPending) {
            firstPending = false;
            LoginStatus s = leadingDeclarations(offered);
            if (s != LoginStatus.SUCCESS) {
                return fail(req, s);
            }
            state = csg == Stage.SECURITY_NEGOTIATION ? State.SECURITY_NEGOTIATION : State.OPERATIONAL_NEGOTIATION;
            if (sessionType == SessionType.NORMAL && !firstResponseSent) {
                answer.add(new Pair("TargetPortalGroupTag", Integer.toString(context.portalGroupTag())));
                if (!target.alias().isEmpty()) {
                    answer.add(new Pair("TargetAlias", target.alias()));
                }
            }
        }
        boolean chapRequired = sessionType == SessionType.NORMAL && target.chap().isPresent();
        LoginStatus status;
        if (csg == Stage.SECURITY_NEGOTIATION) {
            status = securityStage(offered, answer, chapRequired);
        } else {
            if (chapRequired && !authenticated) {
                return fail(req, LoginStatus.AUTHENTICATION_FAILURE);
            }
            status = operationalStage(offered, answer);
            if (!declaredMaxRecv) {
                declaredMaxRecv = true;
                answer.add(new Pair("MaxRecvDataSegmentLength", Integer.toString(context.settings().maxRecvDataSegmentLength())));
            }
        }
        if (status != LoginStatus.SUCCESS) {
            return fail(req, status);
        }
        boolean transit = false;
        int responseNsg = 0;
        if (req.transit()) {
            boolean canTransit = csg != Stage.SECURITY_NEGOTIATION
                    || state == State.SECURITY_COMPLETE
                    || (state == State.SECURITY_NEGOTIATION && !chapRequired);
            if (canTransit) {
                if (csg == Stage.SECURITY_NEGOTIATION && !authenticated && chapRequired) {
                    return fail(req, LoginStatus.AUTHENTICATION_FAILURE);
                }
                transit = true;
                responseNsg = nsg.code();
                if (nsg == Stage.LOGIN_OPERATIONAL_NEGOTIATION) {
                    state = State.OPERATIONAL_NEGOTIATION;
                    stage = Stage.LOGIN_OPERATIONAL_NEGOTIATION;
                } else {
                    if (parameters.firstBurstLength() > parameters.maxBurstLength()) {
                        parameters = parameters.with(NegotiationKey.FIRST_BURST_LENGTH,
                                Integer.toString(parameters.maxBurstLength()));
                    }
                    if (joined == null) {
                        tsih = context.newTsih();
                    }
                    state = State.FULL_FEATURE_PHASE;
                }
            }
        }
        return respond(req, transit, responseNsg, answer, LoginStatus.SUCCESS);
    }

    private boolean firstPending;
    private boolean authenticated;

    private LoginStatus leadingDeclarations(List<Pair> offered) {
        String type = null;
        String targetName = null;
        for (Pair p : offered) {
            switch (p.key()) {
                case "InitiatorName":
                    initiatorName = p.value();
                    break;
                case "InitiatorAlias":
                    initiatorAlias = p.value();
                    break;
                case "SessionType":
                    type = p.value();
                    break;
                case "TargetName":
                    targetName = p.value();
                    break;
                default:
                    break;
            }
        }
        if (initiatorName == null) {
            return LoginStatus.MISSING_PARAMETER;
        }
        if (!IscsiNames.valid(initiatorName)) {
            return LoginStatus.INITIATOR_ERROR;
        }
        if (type == null || "Normal".equals(type)) {
            sessionType = SessionType.NORMAL;
        } else if ("Discovery".equals(type)) {
            sessionType = SessionType.DISCOVERY;
        } else {
            return LoginStatus.SESSION_TYPE_NOT_SUPPORTED;
        }
        if (sessionType == SessionType.NORMAL) {
            if (targetName == null) {
                return LoginStatus.MISSING_PARAMETER;
            }
            Optional<IscsiTargetDefinition> t = context.findTarget(targetName);
            if (t.isEmpty()) {
                return LoginStatus.NOT_FOUND;
            }
            target = t.get();
            if (!target.allowedInitiators().isEmpty() && !target.allowedInitiators().contains(initiatorName)) {
                return LoginStatus.AUTHORIZATION_FAILURE;
            }
        }
        if (tsih != 0) {
            Optional<JoinedSession> s = context.findSession(initiatorName, isid, tsih);
            if (s.isEmpty() || sessionType == SessionType.DISCOVERY) {
                return LoginStatus.SESSION_DOES_NOT_EXIST;
            }
            joined = s.get();
            if (joined.connectionCount() >= joined.parameters().maxConnections()) {
                return LoginStatus.TOO_MANY_CONNECTIONS;
            }
            parameters = joined.parameters().withHeaderDigest(false).withDataDigest(false)
                    .withInitiatorMaxRecvDataSegmentLength(8192);
            expCmdSn = joined.expCmdSn();
            maxCmdSn = joined.maxCmdSn();
        }
        if (!context.admitInitiator(initiatorName)) {
            return LoginStatus.TOO_MANY_CONNECTIONS;
        }
        return LoginStatus.SUCCESS;
    }

    private static boolean declarative(String key) {
        return key.equals("InitiatorName") || key.equals("InitiatorAlias") || key.equals("SessionType")
                || key.equals("TargetName");
    }

    private LoginStatus securityStage(List<Pair> offered, List<Pair> answer, boolean chapRequired) {
        for (Pair p : offered) {
            String k = p.key();
            if (declarative(k)) {
                continue;
            }
            switch (k) {
                case "AuthMethod": {
                    if (state != State.SECURITY_NEGOTIATION) {
                        return LoginStatus.INITIATOR_ERROR;
                    }
                    String supported = chapRequired ? "CHAP" : "None";
                    String result = NegotiationKey.HEADER_DIGEST.valid(p.value())
                            ? NegotiationKey.HEADER_DIGEST.result(p.value(), supported) : "Reject";
                    answer.add(new Pair("AuthMethod", result));
                    if ("Reject".equals(result)) {
                        return LoginStatus.AUTHENTICATION_FAILURE;
                    }
                    if ("CHAP".equals(result)) {
                        state = State.CHAP_AWAIT_ALGORITHM;
                    } else {
                        authenticated = true;
                        state = State.SECURITY_COMPLETE;
                    }
                    break;
                }
                case "CHAP_A": {
                    if (state != State.CHAP_AWAIT_ALGORITHM) {
                        return LoginStatus.INITIATOR_ERROR;
                    }
                    boolean md5 = false;
                    for (String a : p.value().split(",")) {
                        md5 |= Chap.ALGORITHM_MD5.equals(a);
                    }
                    if (!md5) {
                        answer.add(new Pair("CHAP_A", "Reject"));
                        return LoginStatus.AUTHENTICATION_FAILURE;
                    }
                    chapIdentifier = context.random().nextInt(256);
                    chapChallenge = new byte[16];
                    context.random().nextBytes(chapChallenge);
                    answer.add(new Pair("CHAP_A", Chap.ALGORITHM_MD5));
                    answer.add(new Pair("CHAP_I", Integer.toString(chapIdentifier)));
                    answer.add(new Pair("CHAP_C", Chap.toHex(chapChallenge)));
                    state = State.CHAP_AWAIT_RESPONSE;
                    break;
                }
                case "CHAP_N":
                case "CHAP_R":
                case "CHAP_I":
                case "CHAP_C":
                    if (state != State.CHAP_AWAIT_RESPONSE) {
                        return LoginStatus.INITIATOR_ERROR;
                    }
                    break;
                default:
                    LoginStatus s = negotiateOperational(p, answer);
                    if (s != LoginStatus.SUCCESS) {
                        return s;
                    }
            }
        }
        if (state == State.CHAP_AWAIT_RESPONSE && offered.stream().anyMatch(p -> p.key().equals("CHAP_R"))) {
            return verifyChap(offered, answer);
        }
        return LoginStatus.SUCCESS;
    }

    private LoginStatus verifyChap(List<Pair> offered, List<Pair> answer) {
        String name = value(offered, "CHAP_N");
        String r = value(offered, "CHAP_R");
        ChapSecret secret = target.chap().orElseThrow();
        if (name == null || r == null || !secret.name().equals(name)) {
            return LoginStatus.AUTHENTICATION_FAILURE;
        }
        byte[] expected = Chap.response(chapIdentifier, secret.secret(), chapChallenge);
        byte[] received;
        try {
            received = Chap.decodeBinary(r);
        } catch (MalformedTextException e) {
            return LoginStatus.AUTHENTICATION_FAILURE;
        }
        if (!MessageDigest.isEqual(expected, received)) {
            return LoginStatus.AUTHENTICATION_FAILURE;
        }
        String mutualI = value(offered, "CHAP_I");
        String mutualC = value(offered, "CHAP_C");
        if (mutualI != null || mutualC != null) {
            if (mutualI == null || mutualC == null || target.mutualChap().isEmpty()) {
                return LoginStatus.AUTHENTICATION_FAILURE;
            }
            byte[] challenge;
            int id;
            try {
                challenge = Chap.decodeBinary(mutualC);
                id = Integer.parseInt(mutualI);
            } catch (RuntimeException e) {
                return LoginStatus.AUTHENTICATION_FAILURE;
            }
            if (id < 0 || id > 255 || java.util.Arrays.equals(challenge, chapChallenge)) {
                return LoginStatus.AUTHENTICATION_FAILURE;
            }
            ChapSecret mutual = target.mutualChap().get();
            answer.add(new Pair("CHAP_N", mutual.name()));
            answer.add(new Pair("CHAP_R", Chap.toHex(Chap.response(id, mutual.secret(), challenge))));
        }
        authenticated = true;
        state = State.SECURITY_COMPLETE;
        return LoginStatus.SUCCESS;
    }

    private static String value(List<Pair> pairs, String key) {
        for (Pair p : pairs) {
            if (p.key().equals(key)) {
                return p.value();
            }
        }
        return null;
    }

    private LoginStatus operationalStage(List<Pair> offered, List<Pair> answer) {
        state = State.OPERATIONAL_NEGOTIATION;
        for (Pair p : offered) {
            if (declarative(p.key())) {
                continue;
            }
            if (p.key().equals("AuthMethod") || p.key().startsWith("CHAP_")) {
                return LoginStatus.INITIATOR_ERROR;
            }
            LoginStatus s = negotiateOperational(p, answer);
            if (s != LoginStatus.SUCCESS) {
                return s;
            }
        }
        return LoginStatus.SUCCESS;
    }

    private LoginStatus negotiateOperational(Pair p, List<Pair> answer) {
        NegotiationKey key = NegotiationKey.of(p.key());
        if (key == null) {
            switch (p.key()) {
                case "IFMarkInt":
                case "OFMarkInt":
                    answer.add(new Pair(p.key(), "Irrelevant"));
                    break;
                case "TargetAlias":
                case "TargetAddress":
                case "TargetPortalGroupTag":
                case "SendTargets":
                    answer.add(new Pair(p.key(), "Reject"));
                    break;
                default:
                    answer.add(new Pair(p.key(), "NotUnderstood"));
            }
            return LoginStatus.SUCCESS;
        }
        if (!key.valid(p.value())) {
            answer.add(new Pair(p.key(), "Reject"));
            return LoginStatus.SUCCESS;
        }
        if (joined != null && key.leadingOnly()) {
            answer.add(new Pair(p.key(), "Irrelevant"));
            return LoginStatus.SUCCESS;
        }
        if (key == NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH) {
            parameters = parameters.withInitiatorMaxRecvDataSegmentLength(key.number(p.value()));
            return LoginStatus.SUCCESS;
        }
        String result = key.result(p.value(), context.settings().responderValue(key));
        if (key == NegotiationKey.FIRST_BURST_LENGTH && key.number(result) > parameters.maxBurstLength()) {
            result = Integer.toString(parameters.maxBurstLength());
        }
        if (key == NegotiationKey.MAX_BURST_LENGTH && parameters.firstBurstLength() > key.number(result)) {
            parameters = parameters.with(NegotiationKey.FIRST_BURST_LENGTH, result);
        }
        answer.add(new Pair(p.key(), result));
        if (!"Reject".equals(result)) {
            parameters = parameters.with(key, result);
        }
        return LoginStatus.SUCCESS;
    }

    private Step respond(LoginRequest req, boolean transit, int nsg, List<Pair> answer, LoginStatus status) {
        firstResponseSent = true;
        LoginResponse r = new LoginResponse(transit, false, req.csg(), transit ? nsg : 0, 0, 0, isid,
                state == State.FULL_FEATURE_PHASE ? tsih : (joined != null ? tsih : 0), req.itt(), statSn++,
                expCmdSn, maxCmdSn, status.statusClass(), status.statusDetail(), TextParameters.encode(answer));
        return new Step(r, state, status);
    }

    private Step fail(LoginRequest req, LoginStatus status) {
        state = State.FAILED;
        LoginResponse r = new LoginResponse(false, false, req.csg() & 3, 0, 0, 0, req.isid(), 0, req.itt(), statSn++,
                expCmdSn, maxCmdSn, status.statusClass(), status.statusDetail(), new byte[0]);
        return new Step(r, state, status);
    }
}
