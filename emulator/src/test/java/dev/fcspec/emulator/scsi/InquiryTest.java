package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("INQUIRY: standard data and vital product data pages")
class InquiryTest {
    private final ScsiBench bench = new ScsiBench();

    private static byte[] inquiry(int evpd, int page, int alloc) {
        return cdb(INQUIRY, 6, 1, evpd, 2, page, 3, alloc >>> 8, 4, alloc & 0xFF);
    }

    private byte[] data(byte[] cdb) {
        ScsiResponse r = bench.exec(bench.a, cdb, 4096);
        assertGood(r);
        return r.dataIn();
    }

    @Test
    void standardDataDescribesAnSpc4DirectAccessDeviceWithAlua() {
        byte[] d = data(inquiry(0, 0, 255));
        assertThat(d).hasSize(96);
        assertThat(d[0]).as("qualifier 0, direct access").isEqualTo((byte) 0);
        assertThat(d[2]).as("VERSION SPC-4").isEqualTo((byte) 6);
        assertThat(d[3] & 0x0F).as("RESPONSE DATA FORMAT").isEqualTo(2);
        assertThat(d[4] & 0xFF).as("ADDITIONAL LENGTH").isEqualTo(d.length - 5);
        assertThat((d[5] >>> 4) & 0x3).as("TPGS").isEqualTo(3);
        assertThat(d[7] & 0x02).as("CMDQUE").isNotZero();
        assertThat(new String(d, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("FCSPEC  ");
        List<Integer> versions = new ArrayList<>();
        for (int p = 58; p < 74; p += 2) {
            versions.add(Bytes.u16(d, p));
        }
        assertThat(versions).contains(VERSION_SAM_5, VERSION_SPC_4, VERSION_SBC_3, VERSION_ISCSI);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 36, 95, 96, 255, 256, 1000})
    void allocationLengthTruncatesWithoutError(int alloc) {
        byte[] d = data(inquiry(0, 0, alloc));
        assertThat(d).hasSize(Math.min(alloc, 96));
    }

    @Test
    void pageCodeWithoutEvpdIsInvalidFieldInCdb() {
        assertInvalidField(bench.exec(bench.a, inquiry(0, 0x80, 255), 255), 2, 7);
    }

    @Test
    void cmddtBitIsRejected() {
        assertInvalidField(bench.exec(bench.a, cdb(INQUIRY, 6, 1, 0x02, 4, 255), 255), 1, 1);
    }

    @Test
    void supportedVpdPagesListsEveryPageAndEachCanBeRead() {
        byte[] d = data(inquiry(1, 0x00, 255));
        assertThat(d[1]).isEqualTo((byte) 0);
        int n = Bytes.u16(d, 2);
        assertThat(n).isEqualTo(d.length - 4);
        for (int i = 0; i < n; i++) {
            int page = d[4 + i] & 0xFF;
            byte[] p = data(inquiry(1, page, 255));
            assertThat(p[1] & 0xFF).as("page code echoed").isEqualTo(page);
            assertThat(Bytes.u16(p, 2)).as("page length of %02X", page).isEqualTo(p.length - 4);
        }
        assertThat(java.util.Arrays.copyOfRange(d, 4, d.length)).contains((byte) 0x80, (byte) 0x83, (byte) 0xB0,
                (byte) 0xB1, (byte) 0xB2);
    }

    @Test
    void unsupportedVpdPageIsInvalidFieldInCdb() {
        assertInvalidField(bench.exec(bench.a, inquiry(1, 0xC7, 255), 255), 2, 7);
    }

    @Test
    void deviceIdentificationCarriesNaaLogicalUnitAndTargetPortDesignators() {
        byte[] d = data(inquiry(1, 0x83, 1024));
        boolean naa = false;
        boolean relPort = false;
        boolean tpg = false;
        boolean portName = false;
        for (int p = 4; p < d.length; p += 4 + (d[p + 3] & 0xFF)) {
            int assoc = (d[p + 1] >>> 4) & 3;
            int type = d[p + 1] & 0x0F;
            if (type == DESIGNATOR_NAA && assoc == ASSOCIATION_LOGICAL_UNIT) {
                assertThat(d[p + 3]).isEqualTo((byte) 16);
                assertThat((d[p + 4] & 0xF0) >>> 4).as("NAA 6").isEqualTo(6);
                assertThat(java.util.Arrays.copyOfRange(d, p + 4, p + 20)).isEqualTo(bench.lu0.naa());
                naa = true;
            }
            if (type == DESIGNATOR_RELATIVE_TARGET_PORT) {
                assertThat(assoc).isEqualTo(ASSOCIATION_TARGET_PORT);
                assertThat(d[p + 1] & 0x80).as("PIV").isNotZero();
                assertThat((d[p] >>> 4) & 0xF).as("protocol iSCSI").isEqualTo(5);
                assertThat(Bytes.u16(d, p + 6)).isEqualTo(1);
                relPort = true;
            }
            if (type == DESIGNATOR_TARGET_PORT_GROUP) {
                assertThat(Bytes.u16(d, p + 6)).isEqualTo(1);
                tpg = true;
            }
            if (type == DESIGNATOR_SCSI_NAME_STRING && assoc == ASSOCIATION_TARGET_PORT) {
                assertThat(new String(d, p + 4, d[p + 3], StandardCharsets.UTF_8)).startsWith(bench.port1.name());
                assertThat(d[p + 3] % 4).isZero();
                portName = true;
            }
        }
        assertThat(naa && relPort && tpg && portName).isTrue();
        // through the second port the relative port and group differ, the LU designator does not
        ScsiResponse other = bench.exec(bench.a2, inquiry(1, 0x83, 1024), 1024);
        assertThat(java.util.Arrays.copyOfRange(other.dataIn(), 4, 24)).isEqualTo(java.util.Arrays.copyOfRange(d, 4,
                24));
    }

    @Test
    void blockLimitsAreSbc3LengthAndSane() {
        byte[] d = data(inquiry(1, 0xB0, 255));
        assertThat(d[3] & 0xFF).isEqualTo(0x3C);
        assertThat(d[5] & 0xFF).as("MAXIMUM COMPARE AND WRITE LENGTH").isPositive();
        long maxUnmap = Bytes.u32(d, 20);
        assertThat(maxUnmap).isBetween(1L, 1024L * 1024);
        assertThat(Bytes.u32(d, 24)).isBetween(1L, 1024L * 1024);
        assertThat(Bytes.u32(d, 44)).as("MAXIMUM ATOMIC TRANSFER LENGTH <= MAXIMUM TRANSFER LENGTH")
                .isLessThanOrEqualTo(Bytes.u32(d, 8));
    }

    @Test
    void logicalBlockProvisioningAdvertisesUnmapAndWriteSameUnmap() {
        byte[] d = data(inquiry(1, 0xB2, 255));
        assertThat(d[5] & 0xE4).as("LBPU LBPWS LBPWS10 LBPRZ").isEqualTo(0xE4);
        assertThat(d[6] & 0x07).as("thin").isEqualTo(2);
    }

    @Test
    void serialNumberPageMatchesTheLogicalUnit() {
        byte[] d = data(inquiry(1, 0x80, 255));
        assertThat(new String(d, 4, d.length - 4, StandardCharsets.US_ASCII)).isEqualTo(bench.lu0.serial());
    }

    @Test
    void inquiryToAnUnmappedLunReportsQualifier3AndOtherCommandsLuNotSupported() {
        ScsiResponse r = bench.exec(bench.a, 9, inquiry(0, 0, 96), 96);
        assertGood(r);
        assertThat(r.dataIn()[0] & 0xFF).isEqualTo(0x7F);
        assertCheck(bench.exec(bench.a, 9, cdb(TEST_UNIT_READY, 6), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_UNIT_NOT_SUPPORTED);
        assertCheck(bench.exec(bench.a, 9, inquiry(1, 0x83, 255), 255), ILLEGAL_REQUEST,
                ASC_LOGICAL_UNIT_NOT_SUPPORTED);
    }

    @Test
    void inquiryIsAnsweredDespiteAPendingUnitAttentionAndLeavesItPending() {
        ItNexus c = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI, "iqn.x:c,i,0x1", "iqn.x:c"), bench.port1);
        assertGood(bench.exec(c, inquiry(0, 0, 96), 96));
        assertCheck(bench.exec(c, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
    }

    @Test
    void fcpNexusSeesFcp4VersionDescriptorAndNaaPortName() {
        TargetPort fcPort = new TargetPort(TransportProtocol.FCP, "50:00:00:00:00:00:00:01", 1);
        LogicalUnit lu = LogicalUnit.builder("fc", new SparseMemoryStore(1 << 20, 512)).build();
        TargetCore fc = TargetCore.builder("50:00:00:00:00:00:00:00").port(fcPort).unit(0, lu).build();
        ItNexus n = new ItNexus(new InitiatorPort(TransportProtocol.FCP, "21:00:00:24:ff:00:00:01",
                "21:00:00:24:ff:00:00:01"), fcPort);
        ScsiResponse std = fc.execute(n, new ScsiCommand(0, inquiry(0, 0, 96), TaskAttribute.SIMPLE, 1, new byte[0],
                96));
        List<Integer> versions = new ArrayList<>();
        for (int p = 58; p < 74; p += 2) {
            versions.add(Bytes.u16(std.dataIn(), p));
        }
        assertThat(versions).contains(VERSION_FCP_4);
        byte[] d = fc.execute(n, new ScsiCommand(0, inquiry(1, 0x83, 512), TaskAttribute.SIMPLE, 2, new byte[0],
                512)).dataIn();
        boolean found = false;
        for (int p = 4; p < d.length; p += 4 + (d[p + 3] & 0xFF)) {
            if ((d[p + 1] & 0x0F) == DESIGNATOR_NAA && ((d[p + 1] >>> 4) & 3) == ASSOCIATION_TARGET_PORT) {
                assertThat(java.util.Arrays.copyOfRange(d, p + 4, p + 12)).isEqualTo(
                        new byte[]{0x50, 0, 0, 0, 0, 0, 0, 1});
                found = true;
            }
        }
        assertThat(found).isTrue();
    }
}
