package dev.fcspec.harness;

import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.util.List;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps the scenarios whose tags match a Cucumber tag expression, at discovery. Cucumber's own
 * {@code cucumber.filter.tags} reports every other scenario as skipped, which would print a line for each
 * scenario a tag-selected run leaves out and count them in the progress; filtered here, they are simply not
 * part of the run. Scenarios carry their Gherkin tags (feature, rule, examples and their own) as test tags,
 * without the {@code @}.
 */
final class ScenarioTagFilter implements PostDiscoveryFilter {
    private final String source;
    private final Expression expression;

    ScenarioTagFilter(String expression) {
        this.source = expression;
        this.expression = TagExpressionParser.parse(expression);
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (!descriptor.isTest()) {
            return FilterResult.included("a container; kept when a scenario in it is");
        }
        List<String> tags = descriptor.getTags().stream().map(TestTag::getName).map(t -> "@" + t).toList();
        return expression.evaluate(tags)
                ? FilterResult.included("tags match " + source)
                : FilterResult.excluded("tags " + tags + " do not match " + source);
    }
}
