package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Arrays;
import java.util.List;

/** Reading and writing blocks of a logical unit over FCP. */
public class BlockIoSteps {
    private static final int BLOCK = 512;
    private final ScsiHosts hosts;
    private int mark;

    public BlockIoSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @When("{port} writes {int} blocks of pattern {word} at LBA {long} of LUN {lun} through {port}")
    public void write(PortRef host, int blocks, String pattern, long lba, Integer lun, PortRef array) {
        mark = hosts.markCommand();
        hosts.run(host, "WRITE(16)", hosts.initiator(host).write(hosts.addressOf(array), lun,
                Cdbs.write16(lba, blocks), hosts.pattern(pattern, blocks * BLOCK)));
    }

    @When("{port} reads {int} blocks at LBA {long} of LUN {lun} through {port}")
    public void read(PortRef host, int blocks, long lba, Integer lun, PortRef array) {
        mark = hosts.markCommand();
        hosts.run(host, "READ(16)", hosts.initiator(host).read(hosts.addressOf(array), lun,
                Cdbs.read16(lba, blocks), blocks * BLOCK));
    }

    @When("{port} reads {int} blocks at LBA {long} of LUN {lun} through {port} expecting {int} bytes")
    public void readExpecting(PortRef host, int blocks, long lba, Integer lun, PortRef array, int expected) {
        mark = hosts.markCommand();
        hosts.run(host, "READ(16)", hosts.initiator(host).read(hosts.addressOf(array), lun,
                Cdbs.read16(lba, blocks), expected));
    }

    @Then("{port} reads back pattern {word}")
    public void readsBack(PortRef host, String pattern) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).as("status of the read").isEqualTo(ScsiStatus.GOOD);
        byte[] expected = hosts.pattern(pattern, r.data().length);
        assertThat(r.data().length).as("bytes read").isPositive();
        assertThat(Arrays.equals(r.data(), expected)).as("%s read back pattern %s", host, pattern).isTrue();
    }

    @Then("{port} reads back zeros")
    public void readsZeros(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(Arrays.equals(r.data(), new byte[r.data().length])).as("never-written blocks read as zeros").isTrue();
    }

    @Then("{port} asked for the write data with one FCP_XFER_RDY of {int} bytes")
    public void xferRdy(PortRef array, int bytes) {
        List<Seen> rdy = hosts.san().traffic().since(mark, s -> s.header().rCtl() == RCtl.FCP_XFER_RDY
                && s.sender().equals(hosts.san().endpoint(array)));
        assertThat(rdy).as("FCP_XFER_RDY sent by %s", array).hasSize(1);
        byte[] p = rdy.get(0).frame().payload();
        int burst = (p[4] & 0xFF) << 24 | (p[5] & 0xFF) << 16 | (p[6] & 0xFF) << 8 | p[7] & 0xFF;
        assertThat(burst).as("FCP_BURST_LEN").isEqualTo(bytes);
    }

    @Then("the read data crossed the fabric in frames of at most {int} bytes with increasing relative offsets")
    public void dataFrames(int size) {
        List<Seen> data = hosts.san().traffic().since(mark, s -> s.header().rCtl() == RCtl.FCP_DATA
                && s.fromResponder());
        assertThat(data).as("FCP_DATA frames from the target").isNotEmpty();
        int expected = 0;
        for (Seen s : data.stream().filter(s -> s.link().equals(data.get(0).link())).toList()) {
            assertThat(s.frame().payloadLength()).isLessThanOrEqualTo(size);
            assertThat(s.header().parameter()).as("relative offset").isEqualTo(expected);
            expected += s.frame().payloadLength();
        }
    }
}
