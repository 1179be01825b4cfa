package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.steps.mirror.VirtualSan.HostIo;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Hosts reading and writing the shared LUN through the servers, and what they see of it. */
public class SharedLunSteps {
    private final VirtualSan vsan;
    private final Map<String, byte[]> naa = new HashMap<>();

    public SharedLunSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @When("{port} writes {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word}")
    public void write(PortRef host, int blocks, String pattern, long lba, String server) {
        vsan.finish(vsan.startWrite(host, server, lba, blocks, pattern));
    }

    @Given("{port} has written {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word}")
    public void hasWritten(PortRef host, int blocks, String pattern, long lba, String server) {
        write(host, blocks, pattern, lba, server);
        completesGood(host);
    }

    @When("{port} starts writing {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word}")
    public void startWriting(PortRef host, int blocks, String pattern, long lba, String server) {
        HostIo io = vsan.startWrite(host, server, lba, blocks, pattern);
        // let the command reach the server and the policing begin, but not finish
        vsan.san().await("the write reached " + server, () -> vsan.policing(server).events().stream()
                .anyMatch(e -> e.at() >= io.startedAt()), VirtualSan.DEADLINE);
    }

    @When("{port} reads {int} blocks at LBA {long} of the shared LUN through server {word}")
    public void read(PortRef host, int blocks, long lba, String server) {
        vsan.finish(vsan.startRead(host, server, lba, blocks));
    }

    @Then("the write of {port} completes with status GOOD")
    public void completesGood(PortRef host) {
        HostIo io = vsan.last(host);
        assertThat(io.write()).as("%s's last command is a write", host).isTrue();
        FcpResult r = vsan.finish(io);
        assertThat(r).as("%s's write through %s was answered", host, io.server()).isNotNull();
        assertThat(r.status()).as("status of %s's write", host).isEqualTo(ScsiStatus.GOOD);
    }

    @Then("the {word} of {port} is refused with NOT READY, as {word} is cut off from the majority of the servers")
    public void refused(String what, PortRef host, String server) {
        HostIo io = vsan.last(host);
        assertThat(io.write()).as("%s's last command is a %s", host, what).isEqualTo(what.equals("write"));
        FcpResult r = vsan.finish(io);
        assertThat(r).as("%s's %s through %s was answered", host, what, io.server()).isNotNull();
        VirtualSan.assertNotReady(r);
        assertThat(vsan.engine(server).inMajority()).as("%s reaches a majority of the servers", server)
                .isFalse();
    }

    @Then("{port} reads back pattern {word} from the shared LUN")
    public void readsBack(PortRef host, String pattern) {
        HostIo io = vsan.last(host);
        readsBack(host, pattern, io.blocks(), io.lba());
    }

    @Then("{port} reads back pattern {word} from the shared LUN for {int} blocks from LBA {long}")
    public void readsBack(PortRef host, String pattern, int blocks, long lba) {
        HostIo io = vsan.last(host);
        assertThat(io.write()).as("%s's last command is a read", host).isFalse();
        FcpResult r = vsan.finish(io);
        assertThat(r).as("%s's read through %s was answered", host, io.server()).isNotNull();
        assertThat(r.status()).as("status of %s's read", host).isEqualTo(ScsiStatus.GOOD);
        int from = (int) (lba - io.lba()) * VirtualSan.BLOCK;
        byte[] got = Arrays.copyOfRange(r.data(), from, from + blocks * VirtualSan.BLOCK);
        assertThat(Arrays.equals(got, VirtualSan.pattern(pattern, lba, blocks)))
                .as("%d blocks from LBA %d read by %s through %s hold pattern %s", blocks, lba, host, io.server(), pattern)
                .isTrue();
    }

    @Then("{word} no longer waits for {word}: {port} writes {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word}")
    public void noLongerWaits(String server, String gone, PortRef host, int blocks, String pattern, long lba,
                              String through) {
        write(host, blocks, pattern, lba, through);
        completesGood(host);
        int id = vsan.server(gone).id();
        assertThat(vsan.engine(server).peers()).as("how %s sees %s", server, gone)
                .containsEntry(id, MirrorEngine.PeerState.UNREACHABLE);
        read(host, blocks, lba, through);
        readsBack(host, pattern);
    }

    @When("{port} asks the shared LUN through server {word} for its device identification page")
    public void identification(PortRef host, String server) {
        vsan.connect(host, server);
        byte[] cdb = {0x12, 0x01, (byte) 0x83, 0x02, 0x00, 0x00};
        FcpResult r = vsan.san().complete(host + " INQUIRY VPD 0x83 through " + server, vsan.initiator(host)
                .read(vsan.hostPort(server).fcId(), vsan.group().lun(), cdb, 512), VirtualSan.DEADLINE);
        assertThat(r.status()).as("INQUIRY status").isEqualTo(ScsiStatus.GOOD);
        byte[] page = r.data();
        assertThat(page[1] & 0xFF).as("page code").isEqualTo(0x83);
        int len = (page[2] & 0xFF) << 8 | page[3] & 0xFF;
        List<byte[]> found = new ArrayList<>();
        for (int i = 4; i + 4 <= Math.min(page.length, 4 + len); ) {
            int type = page[i + 1] & 0x0F;
            int association = (page[i + 1] >> 4) & 0x03;
            int dl = page[i + 3] & 0xFF;
            if (type == 3 && association == 0) {
                found.add(Arrays.copyOfRange(page, i + 4, i + 4 + dl));
            }
            i += 4 + dl;
        }
        assertThat(found).as("NAA designators of the logical unit through %s", server).hasSize(1);
        naa.put(host.toString(), found.get(0));
        vsan.san().context().log(host + " through " + server + ": NAA " + HexFormat.of().formatHex(found.get(0)));
    }

    @Then("{port} and {port} see the same NAA designator for the shared LUN")
    public void sameNaa(PortRef a, PortRef b) {
        assertThat(naa).as("designators read").containsKeys(a.toString(), b.toString());
        assertThat(naa.get(a.toString())).as("NAA designator %s saw, against %s's", a, b)
                .isEqualTo(naa.get(b.toString()));
    }

    @Then("the I\\/O drivers of {word} and {word} see the same logical unit, named {word}")
    public void sameUnit(String a, String b, String name) {
        long lun = vsan.group().lun();
        LogicalUnit ua = vsan.server(a).core().unit(lun);
        LogicalUnit ub = vsan.server(b).core().unit(lun);
        assertThat(ua.name()).as("logical unit behind %s's I/O driver", a).isEqualTo(name);
        assertThat(ub.name()).as("logical unit behind %s's I/O driver", b).isEqualTo(name);
        assertThat(ua.naa()).as("NAA designators").isEqualTo(ub.naa());
        assertThat(ua.serial()).as("serial numbers").isEqualTo(ub.serial());
        assertThat(ua.store()).as("yet each has its own device").isNotSameAs(ub.store());
    }

    // ---- concurrent writers ---------------------------------------------------------------------------

    @When("{port} through server {word} and {port} through server {word} write to the same {int} blocks at LBA {long} at the same time, {int} times")
    public void concurrent(PortRef h1, String s1, PortRef h2, String s2, int blocks, long lba, int rounds) {
        vsan.connect(h1, s1);
        vsan.connect(h2, s2);
        for (int i = 1; i <= rounds; i++) {
            HostIo a = vsan.startWrite(h1, s1, lba, blocks, "c" + i + h1.node());
            HostIo b = vsan.startWrite(h2, s2, lba, blocks, "c" + i + h2.node());
            vsan.finish(a);
            vsan.finish(b);
            vsan.finish(vsan.startRead(h1, s1, lba, blocks));
            vsan.finish(vsan.startRead(h2, s2, lba, blocks));
        }
    }

    @When("{port} writes {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word} while {port} writes {int} blocks of pattern {word} at LBA {long} through server {word}")
    public void twoAtOnce(PortRef h1, int n1, String p1, long l1, String s1, PortRef h2, int n2, String p2, long l2,
                          String s2) {
        vsan.connect(h1, s1);
        vsan.connect(h2, s2);
        HostIo a = vsan.startWrite(h1, s1, l1, n1, p1);
        HostIo b = vsan.startWrite(h2, s2, l2, n2, p2);
        vsan.finish(a);
        vsan.finish(b);
    }

    @Then("every write completed with status GOOD")
    public void everyWriteGood() {
        List<HostIo> writes = vsan.commands().stream().filter(HostIo::write).toList();
        assertThat(writes).as("writes in this scenario").isNotEmpty();
        for (HostIo io : writes) {
            FcpResult r = vsan.finish(io);
            assertThat(r).as("%s's write at LBA %d through %s answered", io.host(), io.lba(), io.server()).isNotNull();
            assertThat(r.status()).as("%s's write at LBA %d through %s", io.host(), io.lba(), io.server())
                    .isEqualTo(ScsiStatus.GOOD);
        }
    }

}
