package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TEST UNIT READY, REQUEST SENSE, REPORT LUNS, START STOP, PREVENT ALLOW, RSOC, RSTMF, READ DEFECT DATA")
class PrimaryCommandsTest {
    private final ScsiBench bench = new ScsiBench();

    private static byte[] reportLuns(int select, int alloc) {
        byte[] c = cdb(REPORT_LUNS, 12, 2, select);
        Bytes.put32(c, 6, alloc);
        return c;
    }

    @Test
    void requestSenseReturnsAndClearsAPendingUnitAttentionThenNoSense() {
        ItNexus c = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI, "iqn.x:c,i,0x1", "iqn.x:c"), bench.port1);
        ScsiResponse r = bench.exec(c, cdb(REQUEST_SENSE, 6, 4, 252), 252);
        assertGood(r);
        SenseData s = SenseData.decode(r.dataIn());
        assertThat(s.senseKey()).isEqualTo(UNIT_ATTENTION);
        assertThat(s.ascAscq()).isEqualTo(ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        ScsiResponse none = bench.exec(c, cdb(REQUEST_SENSE, 6, 1, 1, 4, 252), 252);
        assertThat(none.dataIn()[0] & 0x7F).as("descriptor format").isEqualTo(0x72);
        assertThat(SenseData.decode(none.dataIn()).senseKey()).isEqualTo(NO_SENSE);
        assertGood(bench.exec(c, cdb(TEST_UNIT_READY, 6), 0));
        assertThat(bench.exec(c, cdb(REQUEST_SENSE, 6, 4, 8), 8).dataIn()).hasSize(8);
    }

    @Test
    void requestSenseForAnUnmappedLunReportsLogicalUnitNotSupportedAsData() {
        ScsiResponse r = bench.exec(bench.a, 7, cdb(REQUEST_SENSE, 6, 4, 18), 18);
        assertGood(r);
        assertThat(SenseData.decode(r.dataIn()).ascAscq()).isEqualTo(ASC_LOGICAL_UNIT_NOT_SUPPORTED);
    }

    @Test
    void reportLunsListsEveryVisibleLunAndHonoursSelectAndAllocationLength() {
        byte[] d = bench.exec(bench.a, reportLuns(0, 256), 256).dataIn();
        assertThat(Bytes.u32(d, 0)).isEqualTo(16);
        assertThat(d).hasSize(24);
        assertThat(d[9]).isEqualTo((byte) 0);
        assertThat(d[17]).isEqualTo((byte) 1);
        assertThat(bench.exec(bench.a, reportLuns(1, 256), 256).dataIn()).hasSize(8);
        assertThat(bench.exec(bench.a, reportLuns(0, 16), 16).dataIn()).hasSize(16);
        assertInvalidField(bench.exec(bench.a, reportLuns(0, 15), 15), 6, 7);
        assertInvalidField(bench.exec(bench.a, reportLuns(3, 64), 64), 2, 7);
        // served through a LUN without a logical unit, too
        assertGood(bench.exec(bench.a, 5, reportLuns(0, 64), 64));
    }

    @Test
    void lunMaskingHidesLunsPerInitiator() {
        LogicalUnit lu0 = LogicalUnit.builder("m0", new SparseMemoryStore(1 << 20, 512)).build();
        LogicalUnit lu1 = LogicalUnit.builder("m1", new SparseMemoryStore(1 << 20, 512)).build();
        LogicalUnit lu300 = LogicalUnit.builder("m300", new SparseMemoryStore(1 << 20, 512)).build();
        TargetCore t = TargetCore.builder("iqn.t").port(bench.port1).unit(0, lu0).unit(1, lu1).unit(300, lu300)
                .masking(LunMasking.builder().allow("IQN.2024-01.dev.fcspec:host-a", 1, 300)
                        .allow("21:00:00:24:ff:00:00:01", 0).closed().build()).build();
        byte[] d = t.execute(bench.a, new ScsiCommand(1, reportLuns(0, 256), TaskAttribute.SIMPLE, 1, new byte[0],
                256)).dataIn();
        assertThat(Bytes.u32(d, 0)).isEqualTo(16);
        assertThat(d[9]).isEqualTo((byte) 1);
        assertThat(d[16] & 0xFF).as("flat addressing above 255").isEqualTo(0x40 | (300 >>> 8));
        assertThat(d[17] & 0xFF).isEqualTo(300 & 0xFF);
        ScsiResponse hidden = t.execute(bench.a, new ScsiCommand(0, cdb(TEST_UNIT_READY, 6), TaskAttribute.SIMPLE, 2,
                new byte[0], 0));
        assertCheck(hidden, ILLEGAL_REQUEST, ASC_LOGICAL_UNIT_NOT_SUPPORTED);
        byte[] none = t.execute(bench.b, new ScsiCommand(0, reportLuns(0, 256), TaskAttribute.SIMPLE, 3,
                new byte[0], 256)).dataIn();
        assertThat(Bytes.u32(none, 0)).isZero();
        ItNexus fc = new ItNexus(new InitiatorPort(TransportProtocol.FCP, "2100.0024.ff00.0001",
                "2100.0024.ff00.0001"), bench.port1);
        assertThat(t.masking().allows(fc.initiator(), 0)).isTrue();
        assertThat(t.masking().allows(fc.initiator(), 1)).isFalse();
        assertThat(t.manage(bench.b, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0))
                .isEqualTo(TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER);
    }

    @Test
    void stopWithoutLoejKeepsTheVirtualMediumAccessible() {
        assertGood(bench.exec(bench.a, cdb(START_STOP_UNIT, 6, 4, 0x00), 0));
        assertThat(bench.lu0.started()).isFalse();
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
        assertGood(bench.exec(bench.a, rw10(READ_10, 0, 1), BS));
        assertGood(bench.exec(bench.a, cdb(START_STOP_UNIT, 6, 1, 0x01, 4, 0x01), 0));
        assertThat(bench.lu0.started()).isTrue();
    }

    @Test
    void loejOnANonRemovableUnitOnlyStartsAndStops() {
        assertGood(bench.exec(bench.a, cdb(START_STOP_UNIT, 6, 4, 0x02), 0));
        assertThat(bench.lu0.mediumLoaded()).isTrue();
        assertGood(bench.exec(bench.a, cdb(START_STOP_UNIT, 6, 4, 0x03), 0));
    }

    @Test
    void removableMediumEjectsUnlessPreventedAndLoadsAgain() {
        LogicalUnit lu = LogicalUnit.builder("rm", new SparseMemoryStore(BLOCKS * BS, BS)).removable(true).build();
        ScsiBench rm = new ScsiBench(lu);
        assertThat(rm.exec(rm.a, cdb(INQUIRY, 6, 4, 96), 96).dataIn()[1] & 0x80).as("RMB").isEqualTo(0x80);
        assertGood(rm.exec(rm.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 1), 0));
        assertCheck(rm.exec(rm.b, cdb(START_STOP_UNIT, 6, 4, 0x02), 0), ILLEGAL_REQUEST,
                ASC_MEDIUM_REMOVAL_PREVENTED);
        assertGood(rm.exec(rm.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 0), 0));
        assertGood(rm.exec(rm.b, cdb(START_STOP_UNIT, 6, 4, 0x02), 0));
        assertCheck(rm.exec(rm.a, cdb(TEST_UNIT_READY, 6), 0), NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        assertCheck(rm.exec(rm.a, rw10(READ_10, 0, 1), BS), NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        assertGood(rm.exec(rm.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 1), 0));
        assertCheck(rm.exec(rm.a, cdb(START_STOP_UNIT, 6, 4, 0x03), 0), ILLEGAL_REQUEST,
                ASC_MEDIUM_REMOVAL_PREVENTED);
        assertGood(rm.exec(rm.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 0), 0));
        assertGood(rm.exec(rm.a, cdb(START_STOP_UNIT, 6, 4, 0x03), 0));
        assertGood(rm.exec(rm.a, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void preventionIsDroppedOnNexusLossAndLogicalUnitReset() {
        LogicalUnit lu = LogicalUnit.builder("rm", new SparseMemoryStore(BLOCKS * BS, BS)).removable(true).build();
        ScsiBench rm = new ScsiBench(lu);
        assertGood(rm.exec(rm.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 1), 0));
        rm.target.nexusLost(rm.a);
        assertGood(rm.exec(rm.b, cdb(START_STOP_UNIT, 6, 4, 0x02), 0));
        assertGood(rm.exec(rm.b, cdb(START_STOP_UNIT, 6, 4, 0x03), 0));
        assertGood(rm.exec(rm.b, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 1), 0));
        rm.target.manage(rm.a, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0);
        rm.clearUa(rm.a);
        assertGood(rm.exec(rm.a, cdb(START_STOP_UNIT, 6, 4, 0x02), 0));
    }

    @Test
    void preventValuesAboveOneAndReservedBitsAreInvalid() {
        assertInvalidField(bench.exec(bench.a, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 6, 4, 2), 0), 4, 1);
        assertInvalidField(bench.exec(bench.a, cdb(START_STOP_UNIT, 6, 4, 0x08), 0), 4, 3);
    }

    private static byte[] rsoc(int options, int opcode, int sa, int alloc) {
        byte[] c = cdb(MAINTENANCE_IN, 12, 1, MI_REPORT_SUPPORTED_OPERATION_CODES, 2, options, 3, opcode);
        Bytes.put16(c, 4, sa);
        Bytes.put32(c, 6, alloc);
        return c;
    }

    @Test
    void reportSupportedOperationCodesListsEveryCommandOnce() {
        byte[] d = bench.exec(bench.a, rsoc(0, 0, 0, 65535), 65535).dataIn();
        int len = (int) Bytes.u32(d, 0);
        assertThat(len).isEqualTo(d.length - 4).isEqualTo(8 * CommandSet.all().size());
        Set<Integer> seen = new HashSet<>();
        for (int p = 4; p < d.length; p += 8) {
            int key = (d[p] & 0xFF) << 16 | Bytes.u16(d, p + 2);
            assertThat(seen.add(key)).as("duplicate %06X", key).isTrue();
            if ((d[p + 5] & 0x01) == 0) {
                assertThat(Bytes.u16(d, p + 2)).isZero();
            }
        }
        byte[] rctd = bench.exec(bench.a, rsoc(0x80, 0, 0, 65535), 65535).dataIn();
        assertThat(Bytes.u32(rctd, 0)).isEqualTo(20L * CommandSet.all().size());
        assertThat(rctd[4 + 5] & 0x02).as("CTDP").isEqualTo(0x02);
        assertThat(Bytes.u16(rctd, 12)).as("timeouts descriptor length").isEqualTo(0x0A);
    }

    @Test
    void reportSupportedOperationCodesOneCommandCarriesItsUsageData() {
        byte[] d = bench.exec(bench.a, rsoc(1, READ_10, 0, 64), 64).dataIn();
        assertThat(d[1] & 0x07).isEqualTo(3);
        assertThat(Bytes.u16(d, 2)).isEqualTo(10);
        assertThat(d[4] & 0xFF).isEqualTo(READ_10);
        byte[] sa = bench.exec(bench.a, rsoc(2, SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, 64), 64).dataIn();
        assertThat(sa[1] & 0x07).isEqualTo(3);
        assertThat(sa[5] & 0xFF).isEqualTo(SAI_READ_CAPACITY_16);
        byte[] unsupported = bench.exec(bench.a, rsoc(1, 0xC5, 0, 64), 64).dataIn();
        assertThat(unsupported[1] & 0x07).isEqualTo(1);
        assertInvalidField(bench.exec(bench.a, rsoc(1, SERVICE_ACTION_IN_16, 0, 64), 64), 2, 2);
        assertInvalidField(bench.exec(bench.a, rsoc(2, READ_10, 0, 64), 64), 2, 2);
        assertInvalidField(bench.exec(bench.a, rsoc(5, 0, 0, 64), 64), 2, 2);
    }

    @Test
    void everyCommandRefusesEveryBitOutsideItsUsageData() {
        for (CommandSet.Descriptor d : CommandSet.all()) {
            byte[] usage = d.usage();
            for (int i = 1; i < usage.length; i++) {
                int bad = ~usage[i] & 0xFF;
                if (bad == 0) {
                    continue;
                }
                int bit = 31 - Integer.numberOfLeadingZeros(bad);
                byte[] cdb = new byte[usage.length];
                cdb[0] = usage[0];
                if (d.serviceAction() >= 0) {
                    cdb[1] = (byte) d.serviceAction();
                }
                cdb[i] |= (byte) (1 << bit);
                ScsiResponse r = bench.write(bench.a, cdb, new byte[0]);
                assertThat(r.status()).as("%s byte %d bit %d", d.name(), i, bit).isEqualTo(ScsiStatus.CHECK_CONDITION);
                SenseData s = r.senseData();
                if (i == 1 && d.serviceAction() >= 0 && bit < 5) {
                    continue; // a different service action
                }
                assertThat(s.ascAscq()).as("%s byte %d bit %d", d.name(), i, bit).isEqualTo(ASC_INVALID_FIELD_IN_CDB);
                assertThat(s.fieldPointerByte()).as("%s byte %d bit %d", d.name(), i, bit).isEqualTo(i);
                assertThat(s.fieldPointerBit()).isEqualTo(bit);
            }
        }
    }

    @Test
    void reportSupportedTaskManagementFunctions() {
        byte[] c = cdb(MAINTENANCE_IN, 12, 1, MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS, 9, 4);
        byte[] d = bench.exec(bench.a, c, 4).dataIn();
        assertThat(d[0] & 0xFF).as("ATS ATSS CTSS LURS QTS TRS").isEqualTo(0xDE);
        assertThat(d[1] & 0x01).as("ITNRS").isEqualTo(1);
        byte[] repd = cdb(MAINTENANCE_IN, 12, 1, MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS, 2, 0x80, 9, 16);
        assertThat(bench.exec(bench.a, repd, 16).dataIn()).hasSize(16);
        assertInvalidField(bench.exec(bench.a, cdb(MAINTENANCE_IN, 12, 1, 0x0D, 9, 3), 3), 6, 7);
    }

    @Test
    void readDefectDataReturnsAnEmptyList() {
        byte[] d = bench.exec(bench.a, cdb(READ_DEFECT_DATA_10, 10, 2, 0x18 | 0x05, 8, 64), 64).dataIn();
        assertThat(d).hasSize(4);
        assertThat(Bytes.u16(d, 2)).isZero();
        byte[] d12 = bench.exec(bench.a, cdb(READ_DEFECT_DATA_12, 12, 1, 0x08, 9, 64), 64).dataIn();
        assertThat(d12).hasSize(8);
        assertThat(Bytes.u32(d12, 4)).isZero();
    }

    @Test
    void unsupportedServiceActionsAreInvalidOperationCodes() {
        assertCheck(bench.exec(bench.a, cdb(SERVICE_ACTION_IN_16, 16, 1, 0x1F), 0), ILLEGAL_REQUEST,
                ASC_INVALID_COMMAND_OPERATION_CODE);
        assertCheck(bench.exec(bench.a, cdb(MAINTENANCE_IN, 12, 1, 0x05), 0), ILLEGAL_REQUEST,
                ASC_INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void aTruncatedCdbIsAnInvalidField() {
        assertCheck(bench.exec(bench.a, new byte[]{(byte) READ_10, 0, 0}, BS), ILLEGAL_REQUEST,
                ASC_INVALID_FIELD_IN_CDB);
        assertCheck(bench.exec(bench.a, new byte[0], 0), ILLEGAL_REQUEST, ASC_INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void mappingAndUnmappingLunsAtRunTimeIsAnnouncedAndReported() {
        LogicalUnit extra = LogicalUnit.builder("extra", new SparseMemoryStore(1 << 20, 512)).build();
        bench.target.addUnit(5, extra);
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_REPORTED_LUNS_DATA_HAS_CHANGED);
        byte[] d = bench.exec(bench.a, reportLuns(0, 256), 256).dataIn();
        assertThat(Bytes.u32(d, 0)).isEqualTo(24);
        assertThat(bench.target.removeUnit(5)).isSameAs(extra);
        assertThat(Bytes.u32(bench.exec(bench.a, reportLuns(0, 256), 256).dataIn(), 0)).isEqualTo(16);
        assertCheck(bench.exec(bench.a, 5, cdb(TEST_UNIT_READY, 6), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_UNIT_NOT_SUPPORTED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bench.target.addUnit(0, extra))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lostNexusesAreRememberedOnlyUpToABound() {
        for (int i = 0; i < 3000; i++) {
            ItNexus n = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI, "iqn.x:h,i,0x" + i, "iqn.x:h"),
                    bench.port1);
            bench.exec(n, cdb(TEST_UNIT_READY, 6), 0);
            bench.target.nexusLost(n);
        }
        assertThat(bench.lu0.unitAttentions.knownNexuses()).isLessThan(1100);
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
    }
}
