package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("WWN: World Wide Names with NAA 1, 2, 3, 5 and 6")
class WwnTest {

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"20:00:00:25:b5:00:00:01", "20-00-00-25-b5-00-00-01", "20000025b5000001",
            "0x20000025b5000001", "0X20000025B5000001", "20:00:00:25:B5:00:00:01", "  20000025b5000001\n"})
    void parsesColonDashPlainAndSysfsForms(String text) {
        Wwn w = Wwn.parse(text);

        assertThat(w.asLong()).isEqualTo(0x20000025b5000001L);
        assertThat(w.length()).isEqualTo(8);
        assertThat(w.naa()).isEqualTo(2);
    }

    @Test
    void naa1IsIeee48BitWithTheOuiInBytes2To4() {
        Wwn w = Wwn.parse("10:00:00:00:c9:12:34:56");

        assertThat(w.naa()).isEqualTo(1);
        assertThat(w.oui()).isEqualTo(0x0000C9);
    }

    @Test
    void naa2IsIeeeExtendedWithAVendorFieldAndTheOuiInBytes2To4() {
        Wwn w = Wwn.parse("20:01:00:05:33:9a:00:01");

        assertThat(w.naa()).isEqualTo(2);
        assertThat(w.oui()).isEqualTo(0x000533);
        assertThat(Wwn.parse("2f:ff:00:25:b5:00:00:01").oui()).isEqualTo(0x0025B5);
    }

    @Test
    void naa3IsLocallyAssigned() {
        Wwn w = Wwn.parse("3f:ff:ff:ff:ff:ff:ff:ff");

        assertThat(w.naa()).isEqualTo(3);
        assertThatThrownBy(w::oui).isInstanceOf(IllegalStateException.class).hasMessageContaining("NAA 3");
    }

    @Test
    void naa5IsIeeeRegisteredWithTheOuiInNibbles1To6() {
        Wwn w = Wwn.parse("50:0a:09:80:00:00:00:01");

        assertThat(w.naa()).isEqualTo(5);
        assertThat(w.oui()).isEqualTo(0x00A098);
    }

    @Test
    void naa6IsSixteenBytes() {
        Wwn w = Wwn.parse("60:0a:09:80:00:00:00:01:00:00:00:00:00:00:00:2a");

        assertThat(w.naa()).isEqualTo(6);
        assertThat(w.length()).isEqualTo(16);
        assertThat(w.oui()).isEqualTo(0x00A098);
        assertThat(w.high()).isEqualTo(0x600a098000000001L);
        assertThat(w.low()).isEqualTo(0x2aL);
        assertThat(w.toBytes()).hasSize(16).endsWith(0, 0x2a);
        assertThat(w).hasToString("60:0a:09:80:00:00:00:01:00:00:00:00:00:00:00:2a");
        assertThat(w.toSysfs()).isEqualTo("0x600a098000000001000000000000002a");
        assertThat(Wwn.parse("0x600a098000000001000000000000002a")).isEqualTo(w);
    }

    @Test
    void naa6DoesNotFitAnEightByteNameField() {
        Wwn w = Wwn.parse("600a098000000001000000000000002a");

        assertThatThrownBy(w::asLong).isInstanceOf(InvalidWwnException.class).hasMessageContaining("8-byte");
        assertThatThrownBy(() -> w.writeTo(new byte[8], 0)).isInstanceOf(InvalidWwnException.class);
    }

    @Test
    void formatsAsWiresharkAndAsSysfs() {
        Wwn w = Wwn.parse("0x20000025B5000001");

        assertThat(w).hasToString("20:00:00:25:b5:00:00:01");
        assertThat(w.toSysfs()).isEqualTo("0x20000025b5000001");
        assertThat(Wwn.parse(w.toString())).isEqualTo(w);
        assertThat(Wwn.parse(w.toSysfs())).isEqualTo(w);
    }

    @Test
    void readsAndWritesEightBigEndianBytes() {
        byte[] b = new byte[10];
        Wwn w = Wwn.of(0x500a098000000001L);
        w.writeTo(b, 1);

        assertThat(b).containsExactly(0, 0x50, 0x0a, 0x09, 0x80, 0, 0, 0, 1, 0);
        assertThat(Wwn.readFrom(b, 1)).isEqualTo(w);
        assertThat(w.toBytes()).containsExactly(0x50, 0x0a, 0x09, 0x80, 0, 0, 0, 1);
    }

    @Test
    void ordersUnsigned() {
        assertThat(Wwn.parse("10:00:00:00:c9:00:00:01")).isLessThan(Wwn.parse("50:00:00:00:00:00:00:01"));
        assertThat(Wwn.parse("50:0a:09:80:00:00:00:01")).isLessThan(Wwn.parse("60:0a:09:80:00:00:00:01:00:00:00:00:00:00:00:00"));
    }

    @Test
    void validatesWithoutThrowing() {
        assertThat(Wwn.isValid("20:00:00:25:b5:00:00:01")).isTrue();
        assertThat(Wwn.isValid("00:00:00:00:00:00:00:00")).isFalse();
        assertThat(Wwn.isValid(null)).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            // wrong length
            "20:00:00:25:b5:00:01                     | '20:00:00:25:b5:00:01' has the wrong length: 14 hex digits",
            "20000025b500000                          | has the wrong length: 15 hex digits",
            "20000025b500000100                       | has the wrong length: 18 hex digits",
            "0x                                       | '0x' has no hex digits",
            // not hex
            "20:00:00:25:b5:00:00:0g                  | '0g' is not a two-digit hex byte",
            "20:00:00:25:b5:00:00:1                   | '1' is not a two-digit hex byte",
            "20:00:00:25:b5:00:00:001                 | '001' is not a two-digit hex byte",
            "20::00:25:b5:00:00:01                    | '' is not a two-digit hex byte",
            "20000025b500000z                         | contains characters that are not hex digits",
            "20 00 00 25 b5 00 00 01                  | contains characters that are not hex digits",
            "２0000025b5000001                         | contains characters that are not hex digits",
            "20:00-00:25:b5:00:00:01                  | mixes ':' and '-' separators",
            // NAA
            "00:00:00:00:00:00:00:00                  | NAA 0 is not a valid name authority (all-zero name)",
            "01:00:00:25:b5:00:00:01                  | NAA 0 is not a valid name authority",
            "40:00:00:00:0a:00:00:01                  | NAA 4 (32-bit IP address) is not used for FC names",
            "70:00:00:25:b5:00:00:01                  | NAA 7 is reserved",
            "c0:00:00:25:b5:00:00:01                  | NAA 12 is reserved",
            "e0:00:00:25:b5:00:00:01                  | NAA 14 is reserved",
            "f0:00:00:25:b5:00:00:01                  | NAA 15 is reserved",
            "10:01:00:00:c9:12:34:56                  | NAA 1 (IEEE 48-bit) needs the 12 bits after the NAA nibble to be zero",
            "18:00:00:00:c9:12:34:56                  | NAA 1 (IEEE 48-bit) needs the 12 bits after the NAA nibble to be zero",
            "600a098000000001                         | NAA 6 names are 16 bytes, not 8",
            "500a098000000001000000000000002a         | NAA 5 names are 8 bytes, not 16",
            "100000000c9123456000000000000000         | NAA 1 names are 8 bytes, not 16",
    })
    void badTextIsRejectedWithTheReason(String text, String reason) {
        assertThatThrownBy(() -> Wwn.parse(text))
                .isInstanceOf(InvalidWwnException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void missingOrEmptyTextIsRejected() {
        assertThatThrownBy(() -> Wwn.parse(null)).isInstanceOf(InvalidWwnException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> Wwn.parse("")).isInstanceOf(InvalidWwnException.class).hasMessageContaining("empty");
    }

    @Test
    void valuesAreValidatedToo() {
        assertThatThrownBy(() -> Wwn.of(0)).isInstanceOf(InvalidWwnException.class).hasMessageContaining("NAA 0");
        assertThatThrownBy(() -> Wwn.readFrom(new byte[8], 0)).isInstanceOf(InvalidWwnException.class);
        assertThatThrownBy(() -> new Wwn(0x2000000000000001L, 0, 12)).isInstanceOf(InvalidWwnException.class)
                .hasMessageContaining("8 or 16 bytes, not 12");
        assertThatThrownBy(() -> new Wwn(0x2000000000000001L, 5, 8)).isInstanceOf(InvalidWwnException.class)
                .hasMessageContaining("no second half");
    }
}
