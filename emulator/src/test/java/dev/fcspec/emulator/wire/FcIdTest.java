package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("FC_ID: 24-bit N_Port_ID")
class FcIdTest {

    @ParameterizedTest(name = "''{0}'' parses to 0x010203")
    @ValueSource(strings = {"01.02.03", "01:02:03", "0x010203", "0X010203", "010203", " 01.02.03 ", "01.02.03\t"})
    void parsesEveryWrittenForm(String text) {
        assertThat(FcId.parse(text)).isEqualTo(new FcId(0x010203));
    }

    @Test
    void parsesUpperAndLowerCaseHex() {
        assertThat(FcId.parse("AB.cd.Ef").value()).isEqualTo(0xABCDEF);
        assertThat(FcId.parse("fffffe")).isEqualTo(FcId.FABRIC_LOGIN_SERVER);
    }

    @Test
    void splitsIntoDomainAreaAndPort() {
        FcId id = FcId.of(0x0A, 0x1B, 0x2C);

        assertThat(id.value()).isEqualTo(0x0A1B2C);
        assertThat(id.domain()).isEqualTo(0x0A);
        assertThat(id.area()).isEqualTo(0x1B);
        assertThat(id.port()).isEqualTo(0x2C);
    }

    @Test
    void printsAsWiresharkDoes() {
        assertThat(FcId.of(1, 2, 0)).hasToString("01.02.00");
        assertThat(FcId.FABRIC_LOGIN_SERVER).hasToString("ff.ff.fe");
        assertThat(FcId.parse(FcId.of(0xEF, 0x10, 0x9A).toString())).isEqualTo(FcId.of(0xEF, 0x10, 0x9A));
    }

    @Test
    void wellKnownAddressesHaveTheirStandardValues() {
        assertThat(FcId.UNASSIGNED.value()).isEqualTo(0x000000);
        assertThat(FcId.BROADCAST.value()).isEqualTo(0xFFFFFF);
        assertThat(FcId.FABRIC_LOGIN_SERVER.value()).isEqualTo(0xFFFFFE);
        assertThat(FcId.FABRIC_CONTROLLER.value()).isEqualTo(0xFFFFFD);
        assertThat(FcId.DIRECTORY_SERVER.value()).isEqualTo(0xFFFFFC);
        assertThat(FcId.TIME_SERVER.value()).isEqualTo(0xFFFFFB);
        assertThat(FcId.MANAGEMENT_SERVER.value()).isEqualTo(0xFFFFFA);
    }

    @Test
    void wellKnownRangeIsFffff0ToFfffff() {
        assertThat(FcId.parse("ff.ff.f0").isWellKnown()).isTrue();
        assertThat(FcId.BROADCAST.isWellKnown()).isTrue();
        assertThat(FcId.DIRECTORY_SERVER.isWellKnown()).isTrue();
        assertThat(FcId.parse("ff.ff.ef").isWellKnown()).isFalse();
        assertThat(FcId.of(1, 2, 3).isWellKnown()).isFalse();
    }

    @Test
    void domainControllersAreFffcxx() {
        assertThat(FcId.parse("ff.fc.01").isDomainController()).isTrue();
        assertThat(FcId.parse("ff.fc.ef").isDomainController()).isTrue();
        assertThat(FcId.parse("ff.fd.01").isDomainController()).isFalse();
        assertThat(FcId.of(1, 2, 3).isDomainController()).isFalse();
    }

    @Test
    void readsAndWritesThreeBigEndianBytes() {
        byte[] b = new byte[5];
        FcId.of(0x12, 0x34, 0x56).writeTo(b, 1);

        assertThat(b).containsExactly(0, 0x12, 0x34, 0x56, 0);
        assertThat(FcId.readFrom(b, 1)).isEqualTo(FcId.of(0x12, 0x34, 0x56));
        assertThat(FcId.readFrom(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFE}, 0))
                .isEqualTo(FcId.FABRIC_LOGIN_SERVER);
    }

    @Test
    void ordersByValue() {
        assertThat(FcId.of(1, 2, 3)).isLessThan(FcId.of(1, 2, 4)).isLessThan(FcId.BROADCAST);
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "01.02          | must have three bytes",
            "01.02.03.04    | must have three bytes",
            "1.02.03        | '1' is not a two-digit hex byte",
            "001.02.03      | '001' is not a two-digit hex byte",
            "01.g2.03       | 'g2' is not a two-digit hex byte",
            "01..03         | '' is not a two-digit hex byte",
            "01.02:03:      | must have three bytes",
            "0x01020        | must be six hex digits",
            "01020304       | must be six hex digits",
            "0x             | must be six hex digits",
            "01020g         | must be six hex digits",
            "-10203         | must be six hex digits",
            "０１０２０３       | must be six hex digits",
    })
    void badTextIsRejectedWithTheReason(String text, String reason) {
        assertThatThrownBy(() -> FcId.parse(text))
                .isInstanceOf(InvalidFcIdException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining(text.trim());
    }

    @Test
    void missingOrEmptyTextIsRejected() {
        assertThatThrownBy(() -> FcId.parse(null)).isInstanceOf(InvalidFcIdException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> FcId.parse("  ")).isInstanceOf(InvalidFcIdException.class).hasMessageContaining("empty");
    }

    @Test
    void valuesOutside24BitsAreRejected() {
        assertThatThrownBy(() -> new FcId(0x1000000)).isInstanceOf(InvalidFcIdException.class)
                .hasMessageContaining("24 bits");
        assertThatThrownBy(() -> new FcId(-1)).isInstanceOf(InvalidFcIdException.class);
        assertThatThrownBy(() -> FcId.of(256, 0, 0)).isInstanceOf(InvalidFcIdException.class)
                .hasMessageContaining("domain 256");
        assertThatThrownBy(() -> FcId.of(0, -1, 0)).isInstanceOf(InvalidFcIdException.class)
                .hasMessageContaining("area -1");
        assertThatThrownBy(() -> FcId.of(0, 0, 300)).isInstanceOf(InvalidFcIdException.class)
                .hasMessageContaining("port 300");
    }

    @Test
    void errorsAreWireFormatErrors() {
        assertThatThrownBy(() -> FcId.parse("zz")).isInstanceOf(WireFormatException.class)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
