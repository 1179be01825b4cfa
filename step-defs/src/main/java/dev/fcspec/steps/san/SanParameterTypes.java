package dev.fcspec.steps.san;

import io.cucumber.java.ParameterType;
import java.util.List;

/**
 * Parameter types for naming ports of the bench in steps.
 *
 * <ul>
 *   <li>{@code {port}}: {@code h1}, {@code host h1}, {@code h1 port host2}, {@code array1 port 0a}</li>
 *   <li>{@code {ports}}: a list of them, {@code h1, h2 and array1 port 0a}</li>
 * </ul>
 */
public class SanParameterTypes {

    @ParameterType(name = "port", value = PortRef.REGEX)
    public PortRef port(String text) {
        return PortRef.parse(text);
    }

    @ParameterType(name = "ports", value = PortRef.LIST_REGEX)
    public List<PortRef> ports(String text) {
        return PortRef.parseList(text);
    }
}
