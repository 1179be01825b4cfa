package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.bls.BaRjtCodes;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.steps.san.Traffic.Seen;
import java.util.Locale;
import java.util.Map;

/**
 * Reject codes as scenarios name them: LS_RJT reasons and explanations (FC-LS), FS_RJT reasons and
 * name-server explanations (FC-GS), BA_RJT reasons and explanations (FC-FS). A name is compared without
 * regard to case.
 */
final class Rejects {

    /** FS_RJT reason codes (CT_IU byte 13) by their FC-GS names. */
    static final Map<String, Integer> FS_RJT_REASONS = Map.of(
            "invalid command code", CtConstants.RJT_INVALID_COMMAND_CODE,
            "invalid version level", CtConstants.RJT_INVALID_VERSION_LEVEL,
            "logical error", CtConstants.RJT_LOGICAL_ERROR,
            "invalid ct_iu size", CtConstants.RJT_INVALID_CT_IU_SIZE,
            "logical busy", CtConstants.RJT_LOGICAL_BUSY,
            "protocol error", CtConstants.RJT_PROTOCOL_ERROR,
            "unable to perform command request", CtConstants.RJT_UNABLE_TO_PERFORM,
            "command not supported", CtConstants.RJT_COMMAND_NOT_SUPPORTED,
            "vendor unique", CtConstants.RJT_VENDOR_UNIQUE);

    /** Name-server reason explanations (CT_IU byte 14) by their FC-GS names. */
    static final Map<String, Integer> FS_RJT_EXPLANATIONS = Map.ofEntries(
            Map.entry("none", CtConstants.EXPL_NONE),
            Map.entry("port_id not registered", CtConstants.EXPL_PORT_ID_NOT_REGISTERED),
            Map.entry("port name not registered", CtConstants.EXPL_PORT_NAME_NOT_REGISTERED),
            Map.entry("node name not registered", CtConstants.EXPL_NODE_NAME_NOT_REGISTERED),
            Map.entry("class of service not registered", CtConstants.EXPL_CLASS_OF_SERVICE_NOT_REGISTERED),
            Map.entry("fc-4 types not registered", CtConstants.EXPL_FC4_TYPES_NOT_REGISTERED),
            Map.entry("symbolic port name not registered", CtConstants.EXPL_SYMBOLIC_PORT_NAME_NOT_REGISTERED),
            Map.entry("symbolic node name not registered", CtConstants.EXPL_SYMBOLIC_NODE_NAME_NOT_REGISTERED),
            Map.entry("port type not registered", CtConstants.EXPL_PORT_TYPE_NOT_REGISTERED),
            Map.entry("fc-4 features not registered", CtConstants.EXPL_FC4_FEATURES_NOT_REGISTERED),
            Map.entry("access denied", CtConstants.EXPL_ACCESS_DENIED),
            Map.entry("unacceptable port_id", CtConstants.EXPL_UNACCEPTABLE_PORT_ID),
            Map.entry("database empty", CtConstants.EXPL_DATABASE_EMPTY),
            Map.entry("no objects registered in scope", CtConstants.EXPL_NO_OBJECTS_REGISTERED_IN_SCOPE));

    private Rejects() {
    }

    static int code(Map<String, Integer> names, String name, String what) {
        Integer c = names.get(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("'" + name + "' is not " + what + "; known: " + names.keySet());
        }
        return c;
    }

    /** Checks that {@code answer} carries an LS_RJT with the named reason and explanation. */
    static void assertLsRjt(Seen answer, int requestCommand, String reason, String explanation) {
        ElsPayload p = answer.elsReply(requestCommand);
        assertThat(p).as("answer %s", answer).isInstanceOf(LsRjt.class);
        LsRjt r = (LsRjt) p;
        assertThat(LsRjtReason.describe(r.reason())).as("LS_RJT reason (0x%02x)", r.reason())
                .isEqualToIgnoringCase(reason);
        assertThat(LsRjtExplanation.describe(r.explanation())).as("LS_RJT explanation (0x%02x)", r.explanation())
                .isEqualToIgnoringCase(explanation);
    }

    static void assertBaRjt(int reasonCode, int explanationCode, String reason, String explanation) {
        assertThat(BaRjtCodes.describeReason(reasonCode)).as("BA_RJT reason (0x%02x)", reasonCode)
                .isEqualToIgnoringCase(reason);
        assertThat(BaRjtCodes.describeExplanation(explanationCode)).as("BA_RJT explanation (0x%02x)", explanationCode)
                .isEqualToIgnoringCase(explanation);
    }
}
