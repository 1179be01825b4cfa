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

    /**
     * Everything wrong with a capture, in two tshark runs: the frames matching {@code problemFilter}, and
     * every frame whose {@code fc.crc.status} is not 1 (good) — or the capture holding no frame at all.
     *
     * <p>Two Wireshark 4.0 gaps are not defects of the capture and are excused, each only when it is the frame's
     * only warning and the frame is well formed with a good CRC:
     * <ul>
     *   <li>Wireshark pairs the LS_ACC of an NPIV FDISC with its request only when the assigned N_Port_ID ends
     *   in 00, and otherwise flags the accept "no record of exchange": excused on an ELS reply from the login
     *   server (FF.FF.FE) on the exchange of an FDISC in the same capture.</li>
     *   <li>It has no dissector for REPORT TARGET PORT GROUPS (MAINTENANCE IN, opcode A3h, service action
     *   0Ah; SPC-4 6.36) and flags the CDB "no dissection for this service action yet": excused on an
     *   FCP_CMND with exactly that opcode and service action.</li>
     * </ul>
     */
    static List<String> problems(Path pcap, String problemFilter) throws IOException, InterruptedException {
        // every frame: number, CRC status, the no-record flag, and what identifies an FDISC request
        List<String> fdiscExchanges = new ArrayList<>();
        List<String> noRecord = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> frames = run(pcap, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
                "-e", "frame.number", "-e", "fc.crc.status", "-e", "fcels.no_record_of_exchange",
                "-e", "fc.d_id", "-e", "fc.r_ctl", "-e", "fcels.opcode", "-e", "fc.ox_id");
        if (frames.isEmpty()) {
            problems.add(pcap.getFileName() + ": no frame");
        }
        for (String line : frames) {
            String[] f = line.split("\t", -1);
            if (f.length < 7) {
                problems.add(pcap.getFileName() + ": unexpected tshark line " + line);
                continue;
            }
            if (!"1".equals(f[1])) {
                problems.add(pcap.getFileName() + " frame " + f[0] + ": fc.crc.status '" + f[1] + "' (1 = good)");
            }
            if (!f[2].isEmpty()) {
                noRecord.add(f[0]);
            }
            if ("ff.ff.fe".equals(f[3]) && "0x22".equals(f[4]) && "0x51".equals(f[5])) {
                fdiscExchanges.add(f[6]);
            }
        }
        for (String line : run(pcap, "-Y", problemFilter, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=,", "-e", "frame.number", "-e", "_ws.malformed", "-e", "fc.crc.status",
                "-e", "_ws.expert.severity", "-e", "fc.s_id", "-e", "fc.r_ctl", "-e", "fc.ox_id",
                "-e", "_ws.expert.message", "-e", "scsi_sbc.opcode", "-e", "scsi.mpi.service_action")) {
            String[] f = line.split("\t", -1);
            String frame = f[0];
            long warnings = f.length > 3 ? java.util.Arrays.stream(f[3].split(",")).filter(v -> !v.isEmpty())
                    .mapToLong(Long::decode).filter(v -> v >= 0x00600000L).count() : 0;
            boolean fdiscAcceptQuirk = f.length >= 7 && noRecord.contains(frame) && warnings == 1
                    && f[1].isEmpty() && "1".equals(f[2]) && "ff.ff.fe".equals(f[4]) && "0x23".equals(f[5])
                    && fdiscExchanges.contains(f[6]);
            boolean reportTargetPortGroups = f.length >= 10 && warnings == 1 && f[1].isEmpty() && "1".equals(f[2])
                    && "0x06".equals(f[5]) && "No dissection for this service action yet".equals(f[7])
                    && "0xa3".equals(f[8]) && "0x0a".equals(f[9]);
            if (!fdiscAcceptQuirk && !reportTargetPortGroups) {
                problems.add(pcap.getFileName() + " frame " + line.replace('\t', ' '));
            }
        }
        return problems;
    }
}
