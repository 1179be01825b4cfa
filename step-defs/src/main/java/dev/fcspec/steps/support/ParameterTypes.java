package dev.fcspec.steps.support;

import io.cucumber.java.ParameterType;

/**
 * Parameter types for step expressions in the domain's notation.
 *
 * <ul>
 *   <li>{@code {lun}}: a logical unit number 0..16383, e.g. {@code LUN 3}</li>
 * </ul>
 */
public class ParameterTypes {

    @ParameterType(name = "lun", value = "\\d+")
    public Integer lun(String text) {
        return Lun.parse(text);
    }
}
