package dev.fcspec.steps.san;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.Wwn;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Virtual port names")
class VportNamesTest {

    private static final Wwn PORT = Wwn.parse("10:00:00:00:c9:00:01:01");
    private static final Wwn NODE = Wwn.parse("20:00:00:00:c9:00:01:01");

    @Test
    void keepThePhysicalPortsIeeeAddressWithTheNumberInTheVendorField() {
        assertThat(VportNames.portName(PORT, 1)).isEqualTo(Wwn.parse("20:01:00:00:c9:00:01:01"));
        assertThat(VportNames.nodeName(NODE, 1)).isEqualTo(Wwn.parse("28:01:00:00:c9:00:01:01"));
        assertThat(VportNames.portName(PORT, 64)).isEqualTo(Wwn.parse("20:40:00:00:c9:00:01:01"));
        assertThat(VportNames.portName(PORT, 5).oui()).isEqualTo(PORT.oui());
    }

    @Test
    void areDistinctFromEachOtherAndFromThePhysicalNames() {
        Set<Wwn> names = new HashSet<>(Set.of(PORT, NODE));
        for (int n = 1; n <= VportNames.MAX_NUMBER; n++) {
            assertThat(names.add(VportNames.portName(PORT, n))).as("port name %d", n).isTrue();
            assertThat(names.add(VportNames.nodeName(NODE, n))).as("node name %d", n).isTrue();
        }
    }

    @Test
    void numberVirtualPortsFromOne() {
        assertThatThrownBy(() -> VportNames.portName(PORT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VportNames.portName(PORT, VportNames.MAX_NUMBER + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
