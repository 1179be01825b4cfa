package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Reservations: RESERVE/RELEASE and PERSISTENT RESERVE IN/OUT")
class ReservationTest {
    private final ScsiBench bench = new ScsiBench();
    private final ItNexus c = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI,
            "iqn.2024-01.dev.fcspec:host-c,i,0x00023d000003", "iqn.2024-01.dev.fcspec:host-c"),
            new TargetPort(TransportProtocol.ISCSI, "iqn.2024-01.dev.fcspec:t1,t,0x0001", 1));

    ReservationTest() {
        bench.clearUa(c);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static byte[] proutCdb(int sa, int type, int length) {
        byte[] cdb = cdb(PERSISTENT_RESERVE_OUT, 10, 1, sa, 2, type);
        Bytes.put32(cdb, 5, length);
        return cdb;
    }

    static byte[] proutParam(long key, long saKey, int flags) {
        byte[] p = new byte[24];
        Bytes.put64(p, 0, key);
        Bytes.put64(p, 8, saKey);
        p[20] = (byte) flags;
        return p;
    }

    ScsiResponse prout(ItNexus n, int sa, int type, long key, long saKey) {
        return bench.write(n, proutCdb(sa, type, 24), proutParam(key, saKey, 0));
    }

    byte[] prin(ItNexus n, int sa) {
        ScsiResponse r = bench.exec(n, cdb(PERSISTENT_RESERVE_IN, 10, 1, sa, 7, 0x10, 8, 0), 4096);
        assertGood(r);
        return r.dataIn();
    }

    ScsiResponse read(ItNexus n) {
        return bench.exec(n, rw10(READ_10, 1, 1), BS);
    }

    ScsiResponse write(ItNexus n) {
        return bench.write(n, rw10(WRITE_10, 1, 1), new byte[BS]);
    }

    static void assertConflict(ScsiResponse r) {
        assertThat(r.status()).as("RESERVATION CONFLICT").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(r.sense()).isEmpty();
    }

    // ---- RESERVE / RELEASE ---------------------------------------------------------------------------

    @Nested
    @DisplayName("RESERVE(6)/(10) and RELEASE(6)/(10)")
    class Legacy {
        @Test
        void reservationExcludesOtherInitiatorsUntilReleased() {
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            assertConflict(bench.exec(bench.b, cdb(RESERVE_6, 6), 0));
            assertConflict(read(bench.b));
            assertConflict(bench.exec(bench.b, cdb(MODE_SENSE_6, 6, 2, 0x3F, 4, 255), 255));
            assertConflict(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0));
            assertGood(bench.exec(bench.b, cdb(INQUIRY, 6, 4, 96), 96));
            assertGood(bench.exec(bench.b, cdb(REPORT_LUNS, 12, 9, 64), 64));
            assertGood(bench.exec(bench.b, cdb(RELEASE_6, 6), 0)); // a no-op
            assertConflict(read(bench.b));
            assertGood(read(bench.a));
            assertGood(write(bench.a));
            assertGood(bench.exec(bench.a, cdb(RELEASE_6, 6), 0));
            assertGood(bench.exec(bench.b, cdb(RESERVE_10, 10), 0));
            assertConflict(write(bench.a));
            assertGood(bench.exec(bench.b, cdb(RELEASE_10, 10), 0));
            assertGood(write(bench.a));
        }

        @Test
        void theSameInitiatorThroughAnotherPortIsAnotherNexus() {
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            assertConflict(read(bench.a2));
        }

        @Test
        void thirdPartyReservationIsNotSupported() {
            assertInvalidField(bench.exec(bench.a, cdb(RESERVE_10, 10, 1, 0x10), 0), 1, 4);
        }

        @Test
        void nexusLossLogicalUnitResetAndTargetResetReleaseTheReservation() {
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            bench.target.nexusLost(bench.a);
            assertGood(bench.exec(bench.b, cdb(RESERVE_6, 6), 0));
            assertThat(bench.target.manage(bench.b, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0))
                    .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            assertThat(bench.lu0.legacyReservationHolder()).isNull();
            bench.clearUa(bench.a);
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            bench.target.manage(bench.b, TaskManagementFunction.TARGET_RESET, 0, 0);
            assertThat(bench.lu0.legacyReservationHolder()).isNull();
        }

        @Test
        void reserveIsRefusedWhilePersistentRegistrationsExist() {
            assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xBB));
            assertConflict(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
        }

        @Test
        void persistentReserveOutConflictsWithAnotherInitiatorsReserve() {
            assertGood(bench.exec(bench.a, cdb(RESERVE_6, 6), 0));
            assertConflict(prout(bench.b, PROUT_REGISTER, 0, 0, 0xBB));
        }
    }

    // ---- persistent reservations -----------------------------------------------------------------------

    @Test
    void registerReadKeysAndUnregister() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 0, 0xB1));
        byte[] keys = prin(bench.a, PRIN_READ_KEYS);
        assertThat(Bytes.u32(keys, 0)).as("PRgeneration").isEqualTo(2);
        assertThat(Bytes.u32(keys, 4)).isEqualTo(16);
        assertThat(Bytes.u64(keys, 8)).isEqualTo(0xA1);
        assertThat(Bytes.u64(keys, 16)).isEqualTo(0xB1);
        // re-register with the old key changes it; a wrong key is a conflict and changes nothing
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0xA1, 0xA2));
        assertConflict(prout(bench.a, PROUT_REGISTER, 0, 0xA1, 0xA3));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xA2L, 0xB1L);
        // unregistered nexus registering with a non-zero key: conflict
        assertConflict(prout(c, PROUT_REGISTER, 0, 0x99, 0xC1));
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0xA2, 0));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xB1L);
    }

    @Test
    void reservationIsReportedWithHolderKeyOrZeroForAllRegistrants() {
        assertThat(Bytes.u32(prin(bench.a, PRIN_READ_RESERVATION), 4)).isZero();
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        byte[] r = prin(bench.b, PRIN_READ_RESERVATION);
        assertThat(Bytes.u32(r, 4)).isEqualTo(16);
        assertThat(Bytes.u64(r, 8)).isEqualTo(0xA1);
        assertThat(r[21] & 0x0F).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE);
        assertGood(prout(bench.a, PROUT_RELEASE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS, 0xA1, 0));
        r = prin(bench.b, PRIN_READ_RESERVATION);
        assertThat(Bytes.u64(r, 8)).isZero();
        assertThat(r[21] & 0x0F).isEqualTo(PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS);
    }

    static Stream<Arguments> accessMatrix() {
        // type, registrant read, registrant write, non-registrant read, non-registrant write
        return Stream.of(
                Arguments.of(PR_TYPE_WRITE_EXCLUSIVE, true, false, true, false),
                Arguments.of(PR_TYPE_EXCLUSIVE_ACCESS, false, false, false, false),
                Arguments.of(PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, true, true, true, false),
                Arguments.of(PR_TYPE_EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, true, true, false, false),
                Arguments.of(PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS, true, true, true, false),
                Arguments.of(PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS, true, true, false, false));
    }

    @ParameterizedTest(name = "type {0}")
    @MethodSource("accessMatrix")
    void accessByReservationTypeForHolderRegistrantAndOthers(int type, boolean regRead, boolean regWrite,
                                                             boolean otherRead, boolean otherWrite) {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_RESERVE, type, 0xA1, 0));
        assertGood(read(bench.a));
        assertGood(write(bench.a));
        check(read(bench.b), regRead);
        check(write(bench.b), regWrite);
        check(read(c), otherRead);
        check(write(c), otherWrite);
        // commands that never conflict
        assertGood(bench.exec(c, cdb(INQUIRY, 6, 4, 96), 96));
        assertGood(bench.exec(c, cdb(TEST_UNIT_READY, 6), 0));
        assertGood(bench.exec(c, cdb(READ_CAPACITY_10, 10), 8));
        assertGood(bench.exec(c, cdb(PERSISTENT_RESERVE_IN, 10, 1, 0, 8, 64), 64));
        // the conflicting write left the medium unchanged
        assertGood(bench.write(bench.a, rw10(WRITE_10, 5, 1), fill(BS, 0x11)));
        ScsiResponse w = bench.write(c, rw10(WRITE_10, 5, 1), fill(BS, 0x22));
        check(w, otherWrite);
        assertThat(bench.exec(bench.a, rw10(READ_10, 5, 1), BS).dataIn()).isEqualTo(fill(BS, 0x11));
    }

    private static void check(ScsiResponse r, boolean allowed) {
        if (allowed) {
            assertGood(r);
        } else {
            assertConflict(r);
        }
    }

    @Test
    void reserveNeedsARegistrationWithTheRightKeyAndConflictsWithAnotherHolder() {
        assertConflict(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0, 0));
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertConflict(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA2, 0));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertConflict(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertConflict(prout(bench.b, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xB1, 0));
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE);
    }

    @Test
    void releaseWithTheWrongTypeIsInvalidReleaseAndAReleaseByANonHolderIsANoOp() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, 0xA1, 0));
        assertGood(prout(bench.b, PROUT_RELEASE, PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, 0xB1, 0));
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
        assertCheck(prout(bench.a, PROUT_RELEASE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0), ILLEGAL_REQUEST,
                ASC_INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        assertGood(prout(bench.a, PROUT_RELEASE, PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, 0xA1, 0));
        assertThat(bench.lu0.persistentReservationType()).isZero();
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION, ASC_RESERVATIONS_RELEASED);
    }

    @Test
    void unregisteringTheHolderReleasesAnExclusiveReservationButNotAnAllRegistrantsOne() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0xA1, 0));
        assertThat(bench.lu0.persistentReservationType()).isZero();
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS, 0xA1, 0));
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0xA1, 0));
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS);
        assertGood(prout(bench.b, PROUT_RELEASE, PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS, 0xB1, 0));
        assertThat(bench.lu0.persistentReservationType()).isZero();
    }

    @Test
    void clearRemovesEverythingAndTellsTheOthers() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        assertConflict(prout(c, PROUT_CLEAR, 0, 0xC1, 0));
        assertGood(prout(bench.b, PROUT_CLEAR, 0, 0xB1, 0));
        assertThat(bench.lu0.registeredKeys()).isEmpty();
        assertThat(bench.lu0.persistentReservationType()).isZero();
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION, ASC_RESERVATIONS_PREEMPTED);
        assertGood(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void preemptTakesTheReservationAndRemovesTheHoldersRegistration() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertGood(prout(bench.b, PROUT_PREEMPT, PR_TYPE_EXCLUSIVE_ACCESS, 0xB1, 0xA1));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xB1L);
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_EXCLUSIVE_ACCESS);
        assertCheck(read(bench.a), UNIT_ATTENTION, ASC_REGISTRATIONS_PREEMPTED);
        assertConflict(read(bench.a));
    }

    @Test
    void preemptWithoutAReservationRemovesRegistrationsAndNeedsAMatchingKey() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertConflict(prout(bench.b, PROUT_PREEMPT, PR_TYPE_WRITE_EXCLUSIVE, 0xB1, 0x77));
        assertCheck(prout(bench.b, PROUT_PREEMPT, PR_TYPE_WRITE_EXCLUSIVE, 0xB1, 0), ILLEGAL_REQUEST,
                ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertGood(prout(bench.b, PROUT_PREEMPT, PR_TYPE_WRITE_EXCLUSIVE, 0xB1, 0xA1));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xB1L);
        assertThat(bench.lu0.persistentReservationType()).isZero();
    }

    @Test
    void preemptOfAnAllRegistrantsReservationWithKeyZeroRemovesEveryOtherRegistration() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(c, PROUT_REGISTER, 0, 0, 0xC1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS, 0xA1, 0));
        assertGood(prout(c, PROUT_PREEMPT_AND_ABORT, PR_TYPE_WRITE_EXCLUSIVE, 0xC1, 0));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xC1L);
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE);
    }

    @Test
    void registerAndMoveHandsTheReservationToAnotherNexus() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        byte[] tid = TransportId.of(bench.b.initiator()).encode();
        byte[] p = new byte[24 + tid.length];
        Bytes.put64(p, 0, 0xA1);
        Bytes.put64(p, 8, 0xB7);
        p[17] = 0x02; // UNREG
        Bytes.put16(p, 18, 1);
        Bytes.put32(p, 20, tid.length);
        System.arraycopy(tid, 0, p, 24, tid.length);
        assertGood(bench.write(bench.a, proutCdb(PROUT_REGISTER_AND_MOVE, PR_TYPE_EXCLUSIVE_ACCESS, p.length), p));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xB7L);
        assertGood(read(bench.b));
        assertConflict(read(bench.a));
        byte[] r = prin(bench.a, PRIN_READ_RESERVATION);
        assertThat(Bytes.u64(r, 8)).isEqualTo(0xB7);
    }

    @Test
    void registerAndMoveToAnUnknownPortIsInvalidAndChangesNothing() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        byte[] tid = TransportId.of(bench.b.initiator()).encode();
        byte[] p = new byte[24 + tid.length];
        Bytes.put64(p, 0, 0xA1);
        Bytes.put64(p, 8, 0xB7);
        Bytes.put16(p, 18, 9);
        Bytes.put32(p, 20, tid.length);
        System.arraycopy(tid, 0, p, 24, tid.length);
        ScsiResponse r = bench.write(bench.a, proutCdb(PROUT_REGISTER_AND_MOVE, PR_TYPE_EXCLUSIVE_ACCESS, p.length),
                p);
        assertCheck(r, ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(r.senseData().fieldPointerByte()).isEqualTo(18);
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xA1L);
    }

    @Test
    void specIPtRegistersTheNamedInitiatorsToo() {
        byte[] tid = TransportId.of(bench.b.initiator()).encode();
        byte[] p = new byte[28 + tid.length];
        Bytes.put64(p, 8, 0xAB);
        p[20] = 0x08;
        Bytes.put32(p, 24, tid.length);
        System.arraycopy(tid, 0, p, 28, tid.length);
        assertGood(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, p.length), p));
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xABL);
        assertGood(prout(bench.b, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xAB, 0));
        byte[] full = prin(bench.a, PRIN_READ_FULL_STATUS);
        assertThat(Bytes.u32(full, 4)).isPositive();
        String text = new String(full, StandardCharsets.UTF_8);
        assertThat(text).contains("host-a").contains("host-b");
    }

    @Test
    void specIPtIsOnlyValidWithRegisterAndNeedsAConsistentLength() {
        byte[] p = proutParam(0, 0xAB, 0x08);
        assertCheck(bench.write(bench.a, proutCdb(PROUT_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 24), p),
                ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertCheck(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 24), p), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        byte[] bad = new byte[28 + 24];
        Bytes.put64(bad, 8, 0xAB);
        bad[20] = 0x08;
        Bytes.put32(bad, 24, 24);
        bad[28] = 0x07; // unknown protocol
        ScsiResponse r = bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, bad.length), bad);
        assertCheck(r, ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(r.senseData().fieldPointerByte()).isEqualTo(28);
        assertThat(bench.lu0.registeredKeys()).isEmpty();
    }

    @Test
    void allTargetPortsRegistrationCoversTheInitiatorOnEveryPort() {
        assertGood(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 24), proutParam(0, 0xA1, 0x04)));
        assertGood(prout(bench.a2, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        assertGood(read(bench.a));
        assertConflict(read(bench.b));
    }

    @Test
    void badCdbFieldsAndParameterListLengths() {
        assertInvalidField(bench.write(bench.a, proutCdb(PROUT_RESERVE, 0x10 | PR_TYPE_WRITE_EXCLUSIVE, 24),
                proutParam(0, 0, 0)), 2, 7);
        assertInvalidField(bench.write(bench.a, proutCdb(PROUT_RESERVE, 0x02, 24), proutParam(0, 0, 0)), 2, 3);
        assertInvalidField(bench.write(bench.a, proutCdb(0x09, 0, 24), proutParam(0, 0, 0)), 1, 4);
        assertCheck(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 20), new byte[20]), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertCheck(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 32), new byte[32]), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertCheck(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 24), new byte[12]), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertThat(bench.lu0.registeredKeys()).isEmpty();
    }

    @Test
    void persistentReserveInServiceActionsOutOfRangeAreInvalid() {
        for (int sa = 4; sa < 0x20; sa++) {
            assertInvalidField(bench.exec(bench.a, cdb(PERSISTENT_RESERVE_IN, 10, 1, sa, 8, 64), 64), 1, 4);
        }
    }

    @Test
    void reportCapabilitiesListsEveryTypeAndPtpl() {
        byte[] caps = prin(bench.a, PRIN_REPORT_CAPABILITIES);
        assertThat(Bytes.u16(caps, 0)).isEqualTo(8);
        assertThat(caps[2] & 0x01).as("PTPL_C").isEqualTo(1);
        assertThat(caps[3] & 0x80).as("TMV").isNotZero();
        assertThat(caps[4] & 0xFF).isEqualTo(0xEA);
        assertThat(caps[5] & 0x01).isEqualTo(1);
    }

    @Test
    void aptplKeepsRegistrationsAndReservationAcrossPowerLoss() {
        assertGood(bench.write(bench.a, proutCdb(PROUT_REGISTER, 0, 24), proutParam(0, 0xA1, 0x01)));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertThat(prin(bench.a, PRIN_REPORT_CAPABILITIES)[3] & 0x01).as("PTPL_A").isEqualTo(1);
        bench.lu0.powerCycle();
        assertThat(bench.lu0.registeredKeys()).containsExactly(0xA1L);
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_WRITE_EXCLUSIVE);
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        assertConflict(write(bench.b));
    }

    @Test
    void withoutAptplPowerLossClearsPersistentReservations() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        bench.lu0.powerCycle();
        assertThat(bench.lu0.registeredKeys()).isEmpty();
        assertThat(bench.lu0.persistentReservationType()).isZero();
    }

    @Test
    void persistentReservationsSurviveNexusLossAndLogicalUnitReset() {
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.a, PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        bench.target.nexusLost(bench.a);
        bench.target.manage(bench.b, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0);
        bench.clearUa(bench.b);
        assertConflict(read(bench.b));
        bench.clearUa(bench.a);
        assertGood(read(bench.a));
    }

    @Test
    void replaceLostReservationGivesTheRegisteredNexusTheReservation() {
        assertConflict(prout(bench.a, PROUT_REPLACE_LOST_RESERVATION, PR_TYPE_WRITE_EXCLUSIVE, 0xA1, 0));
        assertGood(prout(bench.a, PROUT_REGISTER, 0, 0, 0xA1));
        assertGood(prout(bench.b, PROUT_REGISTER, 0, 0, 0xB1));
        assertGood(prout(bench.a, PROUT_REPLACE_LOST_RESERVATION, PR_TYPE_EXCLUSIVE_ACCESS, 0xA1, 0));
        assertThat(bench.lu0.persistentReservationType()).isEqualTo(PR_TYPE_EXCLUSIVE_ACCESS);
        assertConflict(prout(bench.b, PROUT_REPLACE_LOST_RESERVATION, PR_TYPE_EXCLUSIVE_ACCESS, 0xB1, 0));
        assertThat(prin(bench.a, PRIN_REPORT_CAPABILITIES)[2] & 0x80).as("RLR_C").isEqualTo(0x80);
    }

    @Test
    void aptplStateIsKeptInTheReservationFileAcrossRestarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("lu0.pr");
        SparseMemoryStore store = new SparseMemoryStore(BLOCKS * BS, BS);
        ScsiBench first = new ScsiBench(LogicalUnit.builder("lu0", store).reservationFile(file).build());
        assertGood(first.write(first.a, proutCdb(PROUT_REGISTER, 0, 24), proutParam(0, 0xA1, 0x01)));
        assertGood(first.write(first.b, proutCdb(PROUT_REGISTER, 0, 24), proutParam(0, 0xB1, 0x01)));
        assertGood(first.write(first.a, proutCdb(PROUT_RESERVE, PR_TYPE_EXCLUSIVE_ACCESS, 24), proutParam(0xA1, 0,
                0)));
        assertThat(java.nio.file.Files.exists(file)).isTrue();
        // a new emulator process: a new logical unit reading the same file
        ScsiBench second = new ScsiBench(LogicalUnit.builder("lu0", store).reservationFile(file).build());
        assertThat(second.lu0.registeredKeys()).containsExactly(0xA1L, 0xB1L);
        assertThat(second.lu0.persistentReservationType()).isEqualTo(PR_TYPE_EXCLUSIVE_ACCESS);
        assertGood(second.exec(second.a, rw10(READ_10, 0, 1), BS));
        assertConflict(second.exec(second.b, rw10(READ_10, 0, 1), BS));
        assertGood(second.write(second.a, proutCdb(PROUT_REGISTER, 0, 24), proutParam(0xA1, 0xA2, 0)));
        assertThat(java.nio.file.Files.exists(file)).as("APTPL cleared: nothing persists").isFalse();
    }
}
