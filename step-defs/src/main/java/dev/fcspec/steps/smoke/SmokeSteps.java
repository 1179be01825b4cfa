package dev.fcspec.steps.smoke;

import dev.fcspec.steps.support.Lun;
import dev.fcspec.steps.support.ScenarioContext;
import dev.fcspec.steps.support.ScenarioIdentity;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Steps of the {@code @smoke} feature: the harness's own parameter types and seeds. */
public class SmokeSteps {

    private final ScenarioContext context;
    private Integer lun;

    public SmokeSteps(ScenarioContext context) {
        this.context = context;
    }

    @Given("LUN {lun}")
    public void givenLun(Integer lun) {
        this.lun = lun;
    }

    @Then("the LUN is {int}")
    public void theLunIs(int expected) {
        assertThat(lun).isEqualTo(expected);
    }

    @Then("the text {string} is not a LUN because {string}")
    public void notALun(String text, String reason) {
        assertThatThrownBy(() -> Lun.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Then("this scenario's seed is derived from the run seed and its location")
    public void seedIsDerived() {
        ScenarioIdentity id = context.identity();
        assertThat(id.featurePath()).isEqualTo("features/smoke/parameter-types.feature");
        assertThat(context.seed()).isEqualTo(id.seed(context.runSeed())).isNotNegative();
        assertThat(context.seed()).as("the scenario seed differs from the run seed").isNotEqualTo(context.runSeed());
        assertThat(new ScenarioIdentity(id.featurePath(), id.line(), "renamed").seed(context.runSeed()))
                .as("the seed depends on the location, not the name").isEqualTo(context.seed());
    }

    @Then("another location would get another seed")
    public void otherLocationOtherSeed() {
        ScenarioIdentity id = context.identity();
        assertThat(new ScenarioIdentity(id.featurePath(), id.line() + 1, id.name()).seed(context.runSeed()))
                .isNotEqualTo(context.seed());
        assertThat(id.seed(context.runSeed() + 1)).isNotEqualTo(context.seed());
    }
}
