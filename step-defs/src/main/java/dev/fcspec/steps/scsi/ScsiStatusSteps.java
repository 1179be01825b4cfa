package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Then;
import java.util.Map;

/** What the target answered: status, sense, residuals. */
public class ScsiStatusSteps {
    private static final Map<String, Integer> STATUS = Map.of(
            "GOOD", ScsiStatus.GOOD, "CHECK CONDITION", ScsiStatus.CHECK_CONDITION,
            "RESERVATION CONFLICT", ScsiStatus.RESERVATION_CONFLICT, "BUSY", ScsiStatus.BUSY);
    private static final Map<String, Integer> SENSE_KEY = Map.of(
            "NO SENSE", 0x0, "NOT READY", 0x2, "MEDIUM ERROR", 0x3, "ILLEGAL REQUEST", 0x5, "UNIT ATTENTION", 0x6,
            "DATA PROTECT", 0x7, "ABORTED COMMAND", 0xB, "MISCOMPARE", 0xE);
    private static final Map<String, Integer> ASC = Map.of(
            "LOGICAL BLOCK ADDRESS OUT OF RANGE", 0x2100,
            "INVALID COMMAND OPERATION CODE", 0x2000,
            "INVALID FIELD IN CDB", 0x2400,
            "LOGICAL UNIT NOT SUPPORTED", 0x2500,
            "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED", 0x2900,
            "BUS DEVICE RESET FUNCTION OCCURRED", 0x2903,
            "RESERVATIONS PREEMPTED", 0x2A03,
            "RESERVATIONS RELEASED", 0x2A04,
            "REGISTRATIONS PREEMPTED", 0x2A05,
            "REPORTED LUNS DATA HAS CHANGED", 0x3F0E);

    private final ScsiHosts hosts;

    public ScsiStatusSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @Then("the command of {port} completes with status {status}")
    public void status(PortRef host, Integer status) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).as("SCSI status of %s's last command (sense %s)", host,
                java.util.HexFormat.of().formatHex(r.sense())).isEqualTo(status);
    }

    @Then("{port} gets CHECK CONDITION with sense key {senseKey} and {asc}")
    public void checkCondition(PortRef host, Integer key, Integer asc) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).as("status").isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.response().sense()).as("FCP_RSP carries sense (FCP_SNS_LEN_VALID)").isNotEmpty();
        assertThat(r.senseKey()).as("sense key").isEqualTo(key);
        assertThat(r.ascAscq()).as("ASC/ASCQ").isEqualTo(asc);
    }

    @Then("the FCP_RSP to {port} reports an underrun of {int} bytes")
    public void underrun(PortRef host, int bytes) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().residUnder()).as("FCP_RESID_UNDER").isTrue();
        assertThat(r.response().residual()).as("FCP_RESID").isEqualTo(bytes);
    }

    @Then("the FCP_RSP to {port} reports no residual")
    public void noResidual(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().residUnder() || r.response().residOver()).as("residual flags").isFalse();
    }

    @io.cucumber.java.ParameterType(name = "status", value = "GOOD|CHECK CONDITION|RESERVATION CONFLICT|BUSY")
    public Integer statusType(String s) {
        return STATUS.get(s);
    }

    @io.cucumber.java.ParameterType(name = "senseKey",
            value = "NO SENSE|NOT READY|MEDIUM ERROR|ILLEGAL REQUEST|UNIT ATTENTION|DATA PROTECT|ABORTED COMMAND|MISCOMPARE")
    public Integer senseKeyType(String s) {
        return SENSE_KEY.get(s);
    }

    @io.cucumber.java.ParameterType(name = "asc", value = "[A-Z][A-Z ,]+[A-Z]")
    public Integer ascType(String s) {
        Integer v = ASC.get(s);
        if (v == null) {
            throw new IllegalArgumentException("unknown additional sense '" + s + "'; known: " + ASC.keySet());
        }
        return v;
    }
}
