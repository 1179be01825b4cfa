package dev.fcspec.steps.support;

import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import io.cucumber.java.ParameterType;

/**
 * Parameter types for step expressions in the domain's notation. The patterns are deliberately wider than
 * the notation, so that a mistyped value reaches the parser and fails the step with a message saying what
 * is wrong with it, instead of leaving the step undefined.
 *
 * <ul>
 *   <li>{@code {wwn}}: a world wide name, {@code 20:00:00:25:b5:00:00:01}, {@code 20-00-...},
 *       {@code 20000025b5000001} or {@code 0x20000025b5000001} ({@link Wwn#parse})</li>
 *   <li>{@code {fcid}}: an FC_ID, {@code 01.02.03}, {@code 01:02:03}, {@code 0x010203} or {@code 010203}
 *       ({@link FcId#parse})</li>
 *   <li>{@code {lun}}: a logical unit number 0..16383 ({@link Lun#parse})</li>
 *   <li>{@code {status}}: a SCSI status, {@code GOOD}, {@code CHECK CONDITION}, {@code RESERVATION CONFLICT} or
 *       {@code BUSY}</li>
 *   <li>{@code {senseKey}}: a sense key by its SPC-4 name, e.g. {@code UNIT ATTENTION} ({@link Sense#key})</li>
 *   <li>{@code {asc}}: an additional sense code and qualifier by its SPC-4 name, e.g.
 *       {@code INVALID FIELD IN CDB} ({@link Sense#asc})</li>
 * </ul>
 */
public class ParameterTypes {

    @ParameterType(name = "wwn", value = "[0-9A-Fa-f][0-9A-Fa-fxX:-]*[0-9A-Fa-f]", useForSnippets = false)
    public Wwn wwn(String text) {
        return Wwn.parse(text);
    }

    @ParameterType(name = "fcid", value = "[0-9A-Fa-f][0-9A-Fa-fxX.:]*[0-9A-Fa-f]", useForSnippets = false)
    public FcId fcid(String text) {
        return FcId.parse(text);
    }

    @ParameterType(name = "lun", value = "\\d+", useForSnippets = false)
    public Integer lun(String text) {
        return Lun.parse(text);
    }

    @ParameterType(name = "status", value = "GOOD|CHECK CONDITION|RESERVATION CONFLICT|BUSY", useForSnippets = false)
    public Integer status(String text) {
        return switch (text) {
            case "GOOD" -> ScsiStatus.GOOD;
            case "CHECK CONDITION" -> ScsiStatus.CHECK_CONDITION;
            case "RESERVATION CONFLICT" -> ScsiStatus.RESERVATION_CONFLICT;
            case "BUSY" -> ScsiStatus.BUSY;
            default -> throw new IllegalArgumentException("unknown SCSI status '" + text + "'");
        };
    }

    @ParameterType(name = "senseKey", useForSnippets = false, value = "NO SENSE|NOT READY|MEDIUM ERROR|ILLEGAL REQUEST"
            + "|UNIT ATTENTION|DATA PROTECT|ABORTED COMMAND|MISCOMPARE")
    public Integer senseKey(String text) {
        return Sense.key(text);
    }

    @ParameterType(name = "asc", value = "[A-Z][A-Z ,]+[A-Z]", useForSnippets = false)
    public Integer asc(String text) {
        return Sense.asc(text);
    }
}
