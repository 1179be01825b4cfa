package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpConstants;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.fcp.FcpXferRdy;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.Prli;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a write's data crosses the fabric: the first burst a host sends with the command when PRLI agreed to
 * one (WRITE FCP_XFER_RDY DISABLED), and the FCP_XFER_RDYs by which the target asks for the rest.
 */
public class FirstBurstSteps {
    private static final int BLOCK = 512;
    private final ScsiHosts hosts;

    public FirstBurstSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @Given("{port} allows a first burst of {int} bytes")
    public void allowsFirstBurst(PortRef port, int bytes) {
        hosts.san().nPort(port).setFirstBurstLength(bytes);
    }

    @Given("{port} asks for write data in bursts of at most {int} bytes")
    public void maximumBurst(PortRef array, int bytes) {
        hosts.target(array).setMaxBurstLength(bytes);
    }

    @Then("the process login between {port} and {port} agreed to a first burst")
    public void agreed(PortRef host, PortRef array) {
        for (ServiceParameterPage[] pair : prliPages(host, array)) {
            assertThat(pair[0].writeXferRdyDisabled()).as("PRLI asks for a first burst").isTrue();
            assertThat(pair[1].writeXferRdyDisabled()).as("PRLI accept grants a first burst").isTrue();
        }
        assertThat(hosts.initiator(host).firstBurstLength(hosts.addressOf(array))).isPositive();
    }

    @Then("the process login between {port} and {port} agreed to no first burst")
    public void notAgreed(PortRef host, PortRef array) {
        for (ServiceParameterPage[] pair : prliPages(host, array)) {
            assertThat(pair[1].writeXferRdyDisabled()).as("PRLI accept grants a first burst").isFalse();
        }
        assertThat(hosts.initiator(host).firstBurstLength(hosts.addressOf(array))).isZero();
    }

    @When("{port} sends all {int} blocks of pattern {word} at LBA {long} of LUN {lun} unsolicited through {port}")
    public void unsolicitedWrite(PortRef host, int blocks, String pattern, long lba, Integer lun, PortRef array) {
        hosts.markCommand();
        byte[] data = hosts.pattern(pattern, blocks * BLOCK);
        hosts.run(host, "WRITE(16)", hosts.initiator(host).writeWithFirstBurst(hosts.addressOf(array), lun,
                Cdbs.write16(lba, blocks), data, data.length));
    }

    @Then("{port} sent {int} bytes of write data before any FCP_XFER_RDY")
    public void firstBurstSent(PortRef host, int bytes) {
        int sent = 0;
        for (Seen s : commandFrames(host)) {
            if (s.header().rCtl() == RCtl.FCP_XFER_RDY) {
                break;
            }
            if (s.header().rCtl() == RCtl.FCP_DATA && !s.fromResponder()) {
                assertThat(s.header().parameter()).as("relative offset of the first burst").isEqualTo(sent);
                sent += s.frame().payloadLength();
            }
        }
        assertThat(sent).as("write data %s sent before the target asked for any", host).isEqualTo(bytes);
    }

    @Then("{port} asked for the rest of the write data with these FCP_XFER_RDYs:")
    public void xferRdys(PortRef array, DataTable table) {
        List<String> expected = new ArrayList<>();
        for (Map<String, String> row : table.asMaps()) {
            expected.add(row.get("offset") + "+" + row.get("burst length"));
        }
        assertThat(xferRdysFrom(array)).as("FCP_XFER_RDYs (offset+burst length)").containsExactlyElementsOf(expected);
    }

    @Then("{port} sent no FCP_XFER_RDY")
    public void noXferRdy(PortRef array) {
        assertThat(xferRdysFrom(array)).as("FCP_XFER_RDYs").isEmpty();
    }

    @Then("{port} gets an FCP_RSP saying the data length differs from the burst length")
    public void dataLengthMismatch(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().rspCode()).as("RSP_CODE").hasValue(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH);
    }

    /** The frames of the last command, as seen on the host's cable. */
    private List<Seen> commandFrames(PortRef host) {
        var end = hosts.san().endpoint(host);
        return hosts.san().traffic().since(hosts.commandMark(), s -> s.header().type() == FcType.FCP
                && (end.equals(s.sender()) || end.equals(s.receiver())));
    }

    private List<String> xferRdysFrom(PortRef array) {
        var end = hosts.san().endpoint(array);
        return hosts.san().traffic().since(hosts.commandMark(), s -> s.header().rCtl() == RCtl.FCP_XFER_RDY
                && end.equals(s.sender())).stream().map(s -> {
                    FcpXferRdy x = FcpXferRdy.decode(s.frame().payload());
                    return x.relativeOffset() + "+" + x.burstLength();
                }).toList();
    }

    /** Each PRLI for FCP between the two ports, with its accept, as they crossed the wire. */
    private List<ServiceParameterPage[]> prliPages(PortRef host, PortRef array) {
        var h = hosts.san().endpoint(host);
        var a = hosts.san().endpoint(array);
        var traffic = hosts.san().traffic();
        List<ServiceParameterPage[]> out = new ArrayList<>();
        for (var by : List.of(h, a)) {
            var to = by.equals(h) ? hosts.addressOf(array) : hosts.san().nPort(host).fcId();
            for (Seen req : traffic.elsRequestsBy(by, ElsCommand.PRLI)) {
                if (!req.header().dId().equals(to)) {
                    continue;
                }
                Seen acc = traffic.answerTo(req).orElseThrow(() -> new AssertionError("no answer to " + req));
                Prli request = (Prli) req.elsRequest();
                Prli accept = (Prli) acc.elsReply(ElsCommand.PRLI);
                out.add(new ServiceParameterPage[] {request.page(FcType.FCP).orElseThrow(),
                        accept.page(FcType.FCP).orElseThrow()});
            }
        }
        assertThat(out).as("PRLI for FCP between %s and %s", host, array).isNotEmpty();
        return out;
    }
}
