package dev.fcspec.emulator.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** libiscsi's command-line tools, an independent initiator, against our target portal. */
class LibiscsiSmokeTest {

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "\nexit=" + p.exitValue();
    }

    static void assumeTool(String tool) {
        boolean present = Files.isExecutable(Path.of("/usr/bin", tool));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " (Debian package libiscsi-bin) is required when CI=true");
        }
        Assumptions.assumeTrue(present, tool + " is not installed (apt-get install -y libiscsi-bin); skipping");
    }

    @Test
    void iscsiLsDiscoversTheTargetThroughSendTargets() throws Exception {
        assumeTool("iscsi-ls");
        try (TargetFixture f = new TargetFixture()) {
            String out = run(List.of("iscsi-ls", "iscsi://127.0.0.1:" + f.address().getPort()));
            assertThat(out).contains("Target:" + TargetFixture.TARGET + " Portal:127.0.0.1:" + f.address().getPort() + ",1")
                    .contains("exit=0");
        }
    }

    @Test
    void iscsiInqReadsTheStandardInquiryData() throws Exception {
        assumeTool("iscsi-inq");
        try (TargetFixture f = new TargetFixture()) {
            String out = run(List.of("iscsi-inq", "iscsi://127.0.0.1:" + f.address().getPort() + "/" + TargetFixture.TARGET + "/1"));
            assertThat(out).contains("FCSPEC").contains("FAKE DISK").contains("exit=0");
        }
    }
}
