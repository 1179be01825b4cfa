package dev.fcspec.steps.interconnect;

import io.cucumber.java.ParameterType;

/** Parameter types of the interconnect steps. */
public class InterconnectParameterTypes {

    /** A number written in hex with its {@code 0x} prefix: an address, a byte value, a command code. */
    @ParameterType(name = "hexvalue", value = "0x[0-9A-Fa-f]+", useForSnippets = false)
    public Long hexvalue(String text) {
        return Long.parseUnsignedLong(text.substring(2), 16);
    }
}
