package dev.fcspec.steps.san;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A port named in a step")
class PortRefTest {

    @Test
    void isAHostOrArrayWithAnOptionalPortAndAnOptionalKindWord() {
        assertThat(PortRef.parse("h1")).isEqualTo(new PortRef("h1", null));
        assertThat(PortRef.parse("host h1")).isEqualTo(new PortRef("h1", null));
        assertThat(PortRef.parse("h1 port host2")).isEqualTo(new PortRef("h1", "host2"));
        assertThat(PortRef.parse("array array1 port 0a")).isEqualTo(new PortRef("array1", "0a"));
        assertThat(PortRef.parse("array1 port 0a")).hasToString("array1 port 0a");
    }

    @Test
    void listsReadAsEnglishDoes() {
        assertThat(PortRef.parseList("h1, h2 and array1 port 0a")).containsExactly(new PortRef("h1", null),
                new PortRef("h2", null), new PortRef("array1", "0a"));
        assertThat(PortRef.parseList("h2")).containsExactly(new PortRef("h2", null));
        assertThat("h1, h2 and array1 port 0a").matches(PortRef.LIST_REGEX);
        assertThat("h2 only").doesNotMatch(PortRef.LIST_REGEX);
    }

    @Test
    void refusesTextThatNamesNoPort() {
        assertThatThrownBy(() -> PortRef.parse("fabric A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not name a port");
        assertThatThrownBy(() -> PortRef.parse("1h")).isInstanceOf(IllegalArgumentException.class);
    }
}
