package dev.fcspec.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark on a capture file and returns what it printed, failing on a non-zero exit. */
final class TsharkTool {

    private TsharkTool() {
    }

    /** Whether tshark is on the PATH. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code tshark -n -r FILE -o fc.max_frame_size:2112 ARGS...}; the lines it printed on standard output. */
    static List<String> run(Path pcap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-o", "fc.max_frame_size:2112"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tshark did not finish within 120 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("tshark exited " + p.exitValue() + " for " + cmd + ": " + err.strip());
        }
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
