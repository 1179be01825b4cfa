package dev.fcspec.emulator.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAndNegotiationTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keyValuePairsAreNulTerminatedAndKeepTheirOrder() {
        List<Pair> p = TextParameters.parse(b("InitiatorName=iqn.2024-01.x:y\0MaxBurstLength=262144\0"));
        assertThat(p).containsExactly(new Pair("InitiatorName", "iqn.2024-01.x:y"), new Pair("MaxBurstLength", "262144"));
        assertThat(TextParameters.encode(p)).containsExactly(b("InitiatorName=iqn.2024-01.x:y\0MaxBurstLength=262144\0"));
    }

    @Test
    void malformedTextIsRejectedWithTheDefectNamed() {
        assertThatThrownBy(() -> TextParameters.parse(b("NoEquals\0"))).isInstanceOf(MalformedTextException.class)
                .hasMessageContaining("no '='");
        assertThatThrownBy(() -> TextParameters.parse(b("Key=Value"))).hasMessageContaining("not terminated");
        assertThatThrownBy(() -> TextParameters.parse(b("=x\0"))).hasMessageContaining("empty key");
        assertThatThrownBy(() -> TextParameters.parse(b("K".repeat(64) + "=x\0"))).hasMessageContaining("exceeds 63");
        assertThatThrownBy(() -> TextParameters.parse(b("Bad Key=x\0"))).hasMessageContaining("character 0x20");
        byte[] notUtf8 = {'K', '=', (byte) 0xC3, 0};
        assertThatThrownBy(() -> TextParameters.parse(notUtf8)).hasMessageContaining("not UTF-8");
    }

    @Test
    void trailingNulPaddingIsTolerated() {
        assertThat(TextParameters.parse(b("A=1\0\0\0"))).containsExactly(new Pair("A", "1"));
    }

    @Test
    void resultFunctionsFollowRfc7143() {
        assertThat(NegotiationKey.INITIAL_R2T.result("No", "Yes")).isEqualTo("Yes");
        assertThat(NegotiationKey.INITIAL_R2T.result("No", "No")).isEqualTo("No");
        assertThat(NegotiationKey.IMMEDIATE_DATA.result("Yes", "No")).isEqualTo("No");
        assertThat(NegotiationKey.MAX_BURST_LENGTH.result("262144", "1048576")).isEqualTo("262144");
        assertThat(NegotiationKey.DEFAULT_TIME_2_WAIT.result("2", "0")).isEqualTo("2");
        assertThat(NegotiationKey.HEADER_DIGEST.result("None,CRC32C", "CRC32C,None")).isEqualTo("None");
        assertThat(NegotiationKey.HEADER_DIGEST.result("CRC32C,None", "CRC32C,None")).isEqualTo("CRC32C");
        assertThat(NegotiationKey.DATA_DIGEST.result("MD5", "CRC32C,None")).isEqualTo("Reject");
        assertThat(NegotiationKey.ERROR_RECOVERY_LEVEL.result("2", "0")).isEqualTo("0");
    }

    @Test
    void valuesOutsideTheirRangeOrSyntaxAreInvalid() {
        assertThat(NegotiationKey.MAX_BURST_LENGTH.valid("511")).isFalse();
        assertThat(NegotiationKey.MAX_BURST_LENGTH.valid("16777216")).isFalse();
        assertThat(NegotiationKey.MAX_BURST_LENGTH.valid("0x200")).isTrue();
        assertThat(NegotiationKey.MAX_OUTSTANDING_R2T.valid("0")).isFalse();
        assertThat(NegotiationKey.IMMEDIATE_DATA.valid("Maybe")).isFalse();
        assertThat(NegotiationKey.HEADER_DIGEST.valid("CRC32C,,None")).isFalse();
        assertThat(NegotiationKey.of("X-vendor")).isNull();
    }

    @Test
    void iscsiNamesAreChecked() {
        assertThat(IscsiNames.valid("iqn.2024-01.dev.fcspec:disk")).isTrue();
        assertThat(IscsiNames.valid("eui.02004567A425678D")).isTrue();
        assertThat(IscsiNames.valid("naa.52004567BA64678D")).isTrue();
        assertThat(IscsiNames.valid("iqn.24-01.x")).isFalse();
        assertThat(IscsiNames.valid("target1")).isFalse();
    }
}
