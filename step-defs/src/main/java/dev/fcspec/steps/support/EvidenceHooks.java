package dev.fcspec.steps.support;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.qameta.allure.Allure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts every scenario's {@link ScenarioContext} first, and when the scenario ends (after every other
 * after-hook, so benches can close their taps) writes its captures, attaches them to the Allure result and
 * names them in the Cucumber report; a failed scenario also prints its seed and the command that replays it.
 */
public class EvidenceHooks {

    /** Media type Wireshark and Allure use for pcap files. */
    public static final String PCAP_MEDIA_TYPE = "application/vnd.tcpdump.pcap";
    /** Media type of the Cucumber attachment that names a capture file (the reports link it). */
    public static final String CAPTURE_LINK_MEDIA_TYPE = "text/uri-list";
    /**
     * Media type of the Cucumber attachment by which a skipped scenario names the capability its bench lacks
     * (the reports count such scenarios and their claims apart).
     */
    public static final String MISSING_CAPABILITY_MEDIA_TYPE = "text/x.fcspec.missing-capability";

    private final ScenarioContext context;

    public EvidenceHooks(ScenarioContext context) {
        this.context = context;
    }

    /** Runs before every other before-hook (lower order runs first). */
    @Before(order = 0)
    public void begin(Scenario scenario) {
        context.begin(scenario);
    }

    /** Runs after every other after-hook (lower order runs last). */
    @After(order = 0)
    public void end(Scenario scenario) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Supplier<byte[]>> capture : context.captures().entrySet()) {
            String fileName = context.captureFileName(capture.getKey());
            byte[] bytes;
            try {
                bytes = capture.getValue().get();
            } catch (RuntimeException e) {
                problems.add("capture " + fileName + " could not be taken: " + e);
                continue;
            }
            if (bytes == null) {
                problems.add("capture " + fileName + " supplied no bytes");
                continue;
            }
            Path dir = context.capturesDir();
            Files.createDirectories(dir);
            Files.write(dir.resolve(fileName), bytes);
            Allure.addAttachment(fileName, PCAP_MEDIA_TYPE, new ByteArrayInputStream(bytes), "pcap");
            scenario.attach(fileName, CAPTURE_LINK_MEDIA_TYPE, "capture " + fileName);
        }
        if (scenario.isFailed()) {
            StringBuilder text = new StringBuilder()
                    .append("Scenario failed: ").append(scenario.getName())
                    .append(" (").append(context.identity().location()).append(")\n")
                    .append("  scenario seed ").append(context.seed()).append(", run seed ").append(context.runSeed())
                    .append(", bench ").append(context.bench()).append('\n');
            List<String> commands = context.replayCommands();
            text.append("  replay: ").append(commands.get(0)).append('\n');
            if (commands.size() > 1) {
                text.append("  replay this scenario only: ").append(commands.get(1)).append('\n');
            }
            System.err.print(text);
            System.err.flush();
            scenario.log(text.toString());
        }
        if (!problems.isEmpty()) {
            throw new CaptureFailedException(String.join("; ", problems));
        }
    }
}
