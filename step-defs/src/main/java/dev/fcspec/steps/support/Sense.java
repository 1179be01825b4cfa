package dev.fcspec.steps.support;

import dev.fcspec.emulator.scsi.ScsiConstants;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SenseData;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place steps read sense data: what a host got back with CHECK CONDITION, decoded by the SCSI
 * core's own {@link SenseData#decode} (fixed or descriptor format), and the names the {@code {senseKey}} and
 * {@code {asc}} parameter types accept, as SPC-4 spells them. No step picks bytes out of sense data itself.
 */
public final class Sense {

    /** Sense keys by their SPC-4 names. */
    static final Map<String, Integer> KEYS = names(
            "NO SENSE", ScsiConstants.NO_SENSE,
            "NOT READY", ScsiConstants.NOT_READY,
            "MEDIUM ERROR", ScsiConstants.MEDIUM_ERROR,
            "ILLEGAL REQUEST", ScsiConstants.ILLEGAL_REQUEST,
            "UNIT ATTENTION", ScsiConstants.UNIT_ATTENTION,
            "DATA PROTECT", ScsiConstants.DATA_PROTECT,
            "ABORTED COMMAND", ScsiConstants.ABORTED_COMMAND,
            "MISCOMPARE", ScsiConstants.MISCOMPARE);

    /** Additional sense codes and qualifiers ({@code asc << 8 | ascq}) by their SPC-4 names. */
    static final Map<String, Integer> ASCS = names(
            "LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE", ScsiConstants.ASC_LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE,
            "LOGICAL BLOCK ADDRESS OUT OF RANGE", ScsiConstants.ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE,
            "INVALID COMMAND OPERATION CODE", ScsiConstants.ASC_INVALID_COMMAND_OPERATION_CODE,
            "INVALID FIELD IN CDB", ScsiConstants.ASC_INVALID_FIELD_IN_CDB,
            "LOGICAL UNIT NOT SUPPORTED", ScsiConstants.ASC_LOGICAL_UNIT_NOT_SUPPORTED,
            "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED", ScsiConstants.ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED,
            "BUS DEVICE RESET FUNCTION OCCURRED", ScsiConstants.ASC_BUS_DEVICE_RESET_FUNCTION_OCCURRED,
            "RESERVATIONS PREEMPTED", ScsiConstants.ASC_RESERVATIONS_PREEMPTED,
            "RESERVATIONS RELEASED", ScsiConstants.ASC_RESERVATIONS_RELEASED,
            "REGISTRATIONS PREEMPTED", ScsiConstants.ASC_REGISTRATIONS_PREEMPTED,
            "ASYMMETRIC ACCESS STATE CHANGED", ScsiConstants.ASC_ASYMMETRIC_ACCESS_STATE_CHANGED,
            "REPORTED LUNS DATA HAS CHANGED", ScsiConstants.ASC_REPORTED_LUNS_DATA_HAS_CHANGED);

    private Sense() {
    }

    /** The sense data a command's answer carries, or empty when it carries none. */
    public static Optional<SenseData> of(byte[] sense) {
        return sense == null || sense.length == 0 ? Optional.empty() : Optional.of(SenseData.decode(sense));
    }

    /** Whether an answer is CHECK CONDITION with sense key UNIT ATTENTION, which a host's SCSI layer retries. */
    public static boolean isUnitAttention(int status, byte[] sense) {
        return status == ScsiStatus.CHECK_CONDITION
                && of(sense).map(s -> s.senseKey() == ScsiConstants.UNIT_ATTENTION).orElse(false);
    }

    /** A sense key by name, for the {@code {senseKey}} parameter type. */
    public static int key(String name) {
        return lookUp(KEYS, name, "sense key");
    }

    /** An additional sense code and qualifier by name, for the {@code {asc}} parameter type. */
    public static int asc(String name) {
        return lookUp(ASCS, name, "additional sense");
    }

    /** The SPC-4 name of a sense key, or its number in hex. */
    public static String keyName(int key) {
        return nameOf(KEYS, key, String.format("%Xh", key));
    }

    /** The SPC-4 name of an additional sense code and qualifier, or its numbers in hex. */
    public static String ascName(int ascAscq) {
        return nameOf(ASCS, ascAscq, String.format("%02Xh/%02Xh", ascAscq >>> 8, ascAscq & 0xFF));
    }

    /** Sense data as a person reads it: {@code UNIT ATTENTION, REPORTED LUNS DATA HAS CHANGED}. */
    public static String describe(SenseData s) {
        return keyName(s.senseKey()) + ", " + ascName(s.ascAscq());
    }

    private static int lookUp(Map<String, Integer> names, String name, String what) {
        Integer v = names.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: " + names.keySet());
        }
        return v;
    }

    private static String nameOf(Map<String, Integer> names, int value, String otherwise) {
        return names.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).findFirst()
                .orElse(otherwise);
    }

    private static Map<String, Integer> names(Object... nameValue) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Integer) nameValue[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
