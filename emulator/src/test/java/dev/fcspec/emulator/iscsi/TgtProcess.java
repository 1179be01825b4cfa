package dev.fcspec.emulator.iscsi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real tgtd on 127.0.0.1 (Debian package tgt) with one target and a file-backed LUN 1 of 512-byte blocks.
 * Skipped with a reason when tgt is not installed and CI is not "true"; a failure when CI=true.
 */
final class TgtProcess implements AutoCloseable {
    final String iqn = "iqn.2024-01.dev.fcspec.test:tgt";
    final int port;
    private final int control;
    private final Process tgtd;

    static void assumeInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/sbin/tgtd")) && Files.isExecutable(Path.of("/usr/sbin/tgtadm"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("tgt (tgtd, tgtadm) is required when CI=true: apt-get install -y tgt");
        }
        Assumptions.assumeTrue(present, "tgt is not installed (apt-get install -y tgt); skipping the tests against tgtd");
    }

    TgtProcess(Path dir, long lunBytes) throws Exception {
        assumeInstalled();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        control = 20000 + port % 10000;
        Path lun = dir.resolve("tgt-lun1.img");
        try (RandomAccessFile f = new RandomAccessFile(lun.toFile(), "rw")) {
            f.setLength(lunBytes);
        }
        tgtd = new ProcessBuilder("/usr/sbin/tgtd", "-f", "-C", Integer.toString(control), "--iscsi",
                "portal=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("tgtd.log").toFile()).start();
        boolean up = false;
        for (int i = 0; i < 50 && !up; i++) {
            up = tgtadm("--op", "show", "--mode", "sys") == 0;
            if (!up) {
                tgtd.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        if (!up) {
            close();
            throw new AssertionError("tgtd did not start: " + Files.readString(dir.resolve("tgtd.log")));
        }
        check(tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "1", "-T", iqn));
        check(tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "-b",
                lun.toString(), "--blocksize", "512"));
        check(tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL"));
        for (String digest : List.of("HeaderDigest", "DataDigest")) {
            check(tgtadm("--lld", "iscsi", "--op", "update", "--mode", "target", "--tid", "1", "--name", digest,
                    "--value", "CRC32C,None"));
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new AssertionError("tgtadm failed with exit code " + rc);
        }
    }

    private int tgtadm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/tgtadm", "-C", Integer.toString(control)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue();
    }

    @Override
    public void close() throws Exception {
        tgtadm("--lld", "iscsi", "--op", "delete", "--mode", "target", "--tid", "1", "--force");
        tgtadm("--op", "delete", "--mode", "system");
        if (!tgtd.waitFor(5, TimeUnit.SECONDS)) {
            tgtd.destroyForcibly();
            tgtd.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
