package dev.fcspec.reports.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * One claimed behaviour from the claim sets the specifications mirror.
 *
 * @param id          {@code <family>-<number>}, the tag on a scenario is {@code @claim-<id>}
 * @param family      family tag without the {@code @} (proxy, failover, mirror, iop, handshake)
 * @param number      claim number within its family, from 1
 * @param independent true when the claim states a whole behaviour on its own
 * @param parent      for a dependent claim, the number of the claim it narrows; {@code null} otherwise
 * @param summary     one line of the claim text, for tables and tooltips
 * @param text        the whole claim text with line numbers and hyphenation removed
 * @param note        how the catalogue reads a defect in the source text, or {@code null}
 */
@JsonPropertyOrder({"id", "family", "number", "independent", "parent", "summary", "text", "note"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(String id, String family, int number, boolean independent, Integer parent,
                    String summary, String text, String note) {

    public Claim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        if (!id.equals(family + "-" + number)) {
            throw new IllegalArgumentException("claim id " + id + " does not match family " + family
                    + " and number " + number);
        }
        if (independent != (parent == null)) {
            throw new IllegalArgumentException("claim " + id + ": a claim has a parent exactly when it is dependent");
        }
    }

    /** The scenario tag naming this claim, with its {@code @}. */
    public String tag() {
        return "@claim-" + id;
    }
}
