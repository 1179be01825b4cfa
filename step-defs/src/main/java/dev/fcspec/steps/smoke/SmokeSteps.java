package dev.fcspec.steps.smoke;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
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
    private Wwn wwn;
    private FcId fcid;

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

    @Given("the WWN {wwn}")
    public void givenWwn(Wwn wwn) {
        this.wwn = wwn;
    }

    @Then("the WWN equals {wwn} and {wwn}")
    public void wwnEquals(Wwn a, Wwn b) {
        assertThat(wwn).isEqualTo(a).isEqualTo(b);
    }

    @Then("the WWN has NAA {int} and is written {string}")
    public void wwnNaa(int naa, String text) {
        assertThat(wwn.naa()).isEqualTo(naa);
        assertThat(wwn.toString()).isEqualTo(text);
    }

    @Given("the FC_ID {fcid}")
    public void givenFcid(FcId fcid) {
        this.fcid = fcid;
    }

    @Then("the FC_ID equals {fcid} and {fcid}")
    public void fcidEquals(FcId a, FcId b) {
        assertThat(fcid).isEqualTo(a).isEqualTo(b);
    }

    @Then("the FC_ID has domain {int}, area {int} and port {int}")
    public void fcidParts(int domain, int area, int port) {
        assertThat(fcid.domain()).isEqualTo(domain);
        assertThat(fcid.area()).isEqualTo(area);
        assertThat(fcid.port()).isEqualTo(port);
    }
}
