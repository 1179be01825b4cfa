package dev.fcspec.steps.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A scenario's identity: seed, capture names and replay command")
class ScenarioIdentityTest {

    private final ScenarioIdentity login = ScenarioIdentity.of("classpath:features/fabric/fabric_login.feature", 7,
            "A host logs in to the fabric and gets an address in the switch's domain");

    @Test
    @DisplayName("is the same whatever the URI scheme the feature was found by")
    void schemeIndependent() {
        ScenarioIdentity fromFile = ScenarioIdentity.of(
                "file:///home/me/fcspec/features/src/main/resources/features/fabric/fabric_login.feature", 7, "x");
        assertThat(fromFile.featurePath()).isEqualTo("features/fabric/fabric_login.feature");
        assertThat(fromFile.seed(1)).isEqualTo(login.seed(1));
    }

    @Test
    @DisplayName("derives a non-negative seed that changes with the run seed and the location")
    void seeds() {
        assertThat(login.seed(1)).isNotNegative().isEqualTo(login.seed(1));
        assertThat(login.seed(2)).isNotEqualTo(login.seed(1));
        assertThat(new ScenarioIdentity(login.featurePath(), 8, login.name()).seed(1)).isNotEqualTo(login.seed(1));
        // SHA-256("1\nfeatures/fabric/fabric_login.feature:7"), first 8 bytes, top bit cleared
        assertThat(login.seed(1)).isEqualTo(Long.parseUnsignedLong(
                sha256Prefix("1\nfeatures/fabric/fabric_login.feature:7"), 16) & Long.MAX_VALUE);
    }

    @Test
    @DisplayName("names captures after the feature, the line and the scenario, safely for any file system")
    void slug() {
        assertThat(login.slug()).isEqualTo("fabric-fabric-login-7-a-host-logs-in-to-the-fabric-and-gets-an-address-in-the-switch-s-domain");
        assertThat(ScenarioIdentity.of("classpath:features/x/y.feature", 3, "Ünïcode / slashes \\ and *stars*").slug())
                .isEqualTo("x-y-3-unicode-slashes-and-stars");
        assertThat(ScenarioIdentity.of("classpath:features/x/y.feature", 3, "word ".repeat(40)).slug())
                .hasSizeLessThanOrEqualTo(100).doesNotEndWith("-");
    }

    @Test
    @DisplayName("replays by tags and seed, or by location when the scenario has no tags")
    void replay() {
        assertThat(login.replayCommand(List.of("@fabric", "@claim-proxy-1"), 5))
                .isEqualTo("./fcspec run --tags '@fabric and @claim-proxy-1' --seed 5");
        assertThat(login.replayCommand(List.of(), 5))
                .isEqualTo("./fcspec run --scenario features/fabric/fabric_login.feature:7 --seed 5");
    }

    @Test
    @DisplayName("reads LUNs 0..16383 and rejects the rest with the reason")
    void luns() {
        assertThat(Lun.parse("0")).isZero();
        assertThat(Lun.parse("16383")).isEqualTo(16383);
        assertThatThrownBy(() -> Lun.parse("16384")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Lun.parse("99999999999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Lun.parse("0x10")).hasMessageContaining("not a decimal number");
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
