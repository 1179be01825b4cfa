package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ALUA: REPORT/SET TARGET PORT GROUPS and access states")
class AluaTest {
    private final ScsiBench bench = new ScsiBench();

    private byte[] rtpg(ItNexus n, int format) {
        byte[] c = cdb(MAINTENANCE_IN, 12, 1, MI_REPORT_TARGET_PORT_GROUPS | format << 5, 9, 255);
        ScsiResponse r = bench.exec(n, c, 255);
        assertGood(r);
        return r.dataIn();
    }

    private ScsiResponse stpg(ItNexus n, int... stateGroupPairs) {
        byte[] p = new byte[4 + 2 * stateGroupPairs.length];
        for (int i = 0; i < stateGroupPairs.length; i += 2) {
            p[4 + 2 * i] = (byte) stateGroupPairs[i];
            Bytes.put16(p, 4 + 2 * i + 2, stateGroupPairs[i + 1]);
        }
        byte[] c = cdb(MAINTENANCE_OUT, 12, 1, MO_SET_TARGET_PORT_GROUPS);
        Bytes.put32(c, 6, p.length);
        return bench.write(n, c, p);
    }

    @Test
    void reportTargetPortGroupsDescribesBothGroupsWithTheirPorts() {
        byte[] d = rtpg(bench.a, 0);
        assertThat(Bytes.u32(d, 0)).isEqualTo(d.length - 4);
        assertThat(d[4] & 0x80).as("PREF").isEqualTo(0x80);
        assertThat(d[4] & 0x0F).isEqualTo(ALUA_ACTIVE_OPTIMIZED);
        assertThat(d[5] & 0xFF).as("supported states").isEqualTo(0x8F);
        assertThat(Bytes.u16(d, 6)).isEqualTo(1);
        assertThat(d[11]).isEqualTo((byte) 1);
        assertThat(Bytes.u16(d, 14)).isEqualTo(1);
        assertThat(d[16] & 0x0F).isEqualTo(ALUA_ACTIVE_NON_OPTIMIZED);
        assertThat(Bytes.u16(d, 18)).isEqualTo(2);
        assertThat(Bytes.u16(d, 26)).isEqualTo(2);
        byte[] ext = rtpg(bench.a, 1);
        assertThat(ext[4] & 0x70).as("FORMAT TYPE 001b").isEqualTo(0x10);
        assertThat(ext.length).isEqualTo(d.length + 4);
        assertInvalidField(bench.exec(bench.a, cdb(MAINTENANCE_IN, 12, 1, 0x4A, 9, 255), 255), 1, 7);
    }

    @Test
    void standbyPortRefusesMediaAccessButAnswersManagementCommands() {
        bench.target.alua().setState(2, AsymmetricAccessState.STANDBY);
        bench.clearUa(bench.a2);
        assertCheck(bench.exec(bench.a2, rw10(READ_10, 0, 1), BS), NOT_READY,
                ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE);
        assertCheck(bench.exec(bench.a2, cdb(TEST_UNIT_READY, 6), 0), NOT_READY,
                ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE);
        assertGood(bench.exec(bench.a2, cdb(INQUIRY, 6, 4, 96), 96));
        assertGood(bench.exec(bench.a2, cdb(MODE_SENSE_6, 6, 2, 0x3F, 4, 255), 255));
        assertGood(bench.exec(bench.a2, cdb(PERSISTENT_RESERVE_IN, 10, 8, 64), 64));
        rtpg(bench.a2, 0);
        bench.clearUa(bench.a);
        assertGood(bench.exec(bench.a, rw10(READ_10, 0, 1), BS));
    }

    @Test
    void unavailableAndTransitioningStatesRefuseWithTheirOwnSense() {
        bench.target.alua().setState(2, AsymmetricAccessState.UNAVAILABLE);
        bench.clearUa(bench.a2);
        assertCheck(bench.exec(bench.a2, cdb(MODE_SENSE_6, 6, 2, 0x3F, 4, 255), 255), NOT_READY,
                ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_UNAVAILABLE_STATE);
        bench.target.alua().setState(2, AsymmetricAccessState.TRANSITIONING);
        assertGood(bench.exec(bench.a2, cdb(REQUEST_SENSE, 6, 4, 18), 18)); // consumes the state-change attention
        assertCheck(bench.write(bench.a2, rw10(WRITE_10, 0, 1), new byte[BS]), NOT_READY,
                ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION);
        assertGood(bench.exec(bench.a2, cdb(INQUIRY, 6, 4, 96), 96));
        rtpg(bench.a2, 0);
    }

    @Test
    void aPortAddedToAGroupAtRunTimeIsReportedInItAndTakesItsState() {
        AluaTargetPortGroups alua = new AluaTargetPortGroups(java.util.List.of(
                new TargetPortGroup(1, java.util.List.of(), AsymmetricAccessState.ACTIVE_OPTIMIZED, true),
                new TargetPortGroup(2, java.util.List.of(5), AsymmetricAccessState.ACTIVE_NON_OPTIMIZED, false)));
        assertThat(alua.groupOf(17)).isNull();
        alua.addPort(2, 17);
        alua.addPort(2, 17); // again: nothing changes
        assertThat(alua.groupOf(17).id()).isEqualTo(2);
        assertThat(alua.groupOf(5).relativePortIds()).containsExactly(5, 17);
        assertThat(alua.stateOf(17)).isEqualTo(AsymmetricAccessState.ACTIVE_NON_OPTIMIZED);
        byte[] d = alua.report(false);
        assertThat(d[4 + 7]).as("TARGET PORT COUNT of group 1").isEqualTo((byte) 0);
        assertThat(d[12 + 7]).as("TARGET PORT COUNT of group 2").isEqualTo((byte) 2);
        assertThat(Bytes.u16(d, 20 + 2)).isEqualTo(5);
        assertThat(Bytes.u16(d, 24 + 2)).isEqualTo(17);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alua.addPort(1, 17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in target port group 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alua.addPort(3, 18))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no target port group 3");
        assertThat(alua.groupOf(18)).as("a refused port is in no group").isNull();
    }

    @Test
    void announcingAGroupRaisesTheStateChangedAttentionWithoutChangingTheState() {
        bench.clearUa(bench.a);
        bench.target.alua().announce(1);
        assertThat(bench.target.alua().state(1)).isEqualTo(AsymmetricAccessState.ACTIVE_OPTIMIZED);
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void stateChangesRaiseAUnitAttentionOnEveryNexus() {
        bench.target.alua().setState(1, AsymmetricAccessState.ACTIVE_NON_OPTIMIZED);
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
        assertCheck(bench.exec(bench.b, 1, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
    }

    @Test
    void setTargetPortGroupsChangesStatesAndTellsTheOtherNexuses() {
        assertGood(stpg(bench.a, ALUA_STANDBY, 2, ALUA_ACTIVE_OPTIMIZED, 1));
        assertThat(bench.target.alua().state(2)).isEqualTo(AsymmetricAccessState.STANDBY);
        byte[] d = rtpg(bench.a, 0);
        assertThat(d[16] & 0x0F).isEqualTo(ALUA_STANDBY);
        assertThat(d[16 + 5]).as("STATUS CODE: altered by SET TARGET PORT GROUPS").isEqualTo((byte) 1);
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
    }

    @Test
    void setTargetPortGroupsRefusesUnknownGroupsBadStatesAndLengthsAtomically() {
        ScsiResponse r = stpg(bench.a, ALUA_STANDBY, 2, ALUA_STANDBY, 7);
        assertCheck(r, ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(r.senseData().fieldPointerByte()).isEqualTo(10);
        assertThat(bench.target.alua().state(2)).isEqualTo(AsymmetricAccessState.ACTIVE_NON_OPTIMIZED);
        assertCheck(stpg(bench.a, ALUA_TRANSITIONING, 2), ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertCheck(stpg(bench.a, 0x0E, 2), ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        byte[] c = cdb(MAINTENANCE_OUT, 12, 1, MO_SET_TARGET_PORT_GROUPS, 9, 6);
        assertCheck(bench.write(bench.a, c, new byte[6]), ILLEGAL_REQUEST, ASC_PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void defaultTargetHasOneActiveOptimizedGroupWithEveryPort() {
        LogicalUnit lu = LogicalUnit.builder("x", new SparseMemoryStore(1 << 20, 512)).build();
        TargetCore t = TargetCore.builder("iqn.t").port(bench.port1).port(bench.port2).unit(0, lu).build();
        assertThat(t.alua().groups()).hasSize(1);
        assertThat(t.alua().groups().get(0).relativePortIds()).containsExactly(1, 2);
        assertThat(t.alua().stateOf(2)).isEqualTo(AsymmetricAccessState.ACTIVE_OPTIMIZED);
    }
}
