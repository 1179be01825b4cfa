package dev.fcspec.features;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

/**
 * Runs every feature under {@code src/main/resources/features} on the default embedded bench as part of
 * {@code ./mvnw verify}. Select some with {@code -Dcucumber.filter.tags='@smoke'}; choose the run seed with
 * {@code -Dfcspec.seed=N}. Reports: {@code target/cucumber/junit.xml}, {@code target/cucumber/cucumber.ndjson},
 * {@code target/allure-results/}; captures: {@code target/captures/}.
 */
@Suite
@SuiteDisplayName("fcspec features")
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "dev.fcspec.steps")
@ConfigurationParameter(key = JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, value = "long")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME, value = "junit:target/cucumber/junit.xml, "
        + "message:target/cucumber/cucumber.ndjson, io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm")
public class FeaturesTest {
}
