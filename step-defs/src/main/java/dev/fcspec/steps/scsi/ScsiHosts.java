package dev.fcspec.steps.scsi;

import dev.fcspec.emulator.fcp.FcpInitiator;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.fcp.FcpTarget;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The hosts' view of SCSI over FC in one scenario: which target each host reaches, and what its last command
 * returned. Shared by the SCSI step classes.
 */
public final class ScsiHosts {
    /** A host's command timeout is far longer than anything the emulator needs; this bounds a stuck step. */
    static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

    private final San san;
    private final Map<String, FcpResult> last = new HashMap<>();
    private final Map<String, byte[]> patterns = new HashMap<>();
    private PortRef lastAsker;
    private int commandMark;

    public ScsiHosts(San san) {
        this.san = san;
    }

    San san() {
        return san;
    }

    FcpInitiator initiator(PortRef host) {
        return san.bench().fcpInitiator(san.endpoint(host));
    }

    FcpTarget target(PortRef array) {
        return san.bench().fcpTarget(san.endpoint(array));
    }

    /** The FC_ID the host addresses the target port at. */
    FcId addressOf(PortRef array) {
        NPort p = san.nPort(array);
        return p.fcId();
    }

    /** Runs a command to completion on emulator time and remembers its result as the host's last one. */
    FcpResult run(PortRef host, String what, CompletableFuture<FcpResult> command) {
        FcpResult r = san.complete(host + " " + what, command, COMMAND_DEADLINE);
        last.put(host.toString(), r);
        lastAsker = host;
        return r;
    }

    /** Marks the traffic where the next command starts: steps that check its frames look from here. */
    int markCommand() {
        commandMark = san.traffic().mark();
        return commandMark;
    }

    /** Where the last marked command's frames start. */
    int commandMark() {
        return commandMark;
    }

    FcpResult last(PortRef host) {
        FcpResult r = last.get(host.toString());
        if (r == null) {
            throw new IllegalStateException(host + " has sent no SCSI command in this scenario");
        }
        return r;
    }

    /** The host whose command completed last. */
    PortRef lastAsker() {
        if (lastAsker == null) {
            throw new IllegalStateException("no host has sent a SCSI command in this scenario");
        }
        return lastAsker;
    }

    /** A named data pattern ("pattern A"): the same name always gives the same bytes for a length. */
    byte[] pattern(String name, int length) {
        return patterns.computeIfAbsent(name + "/" + length, k -> {
            byte[] b = new byte[length];
            int seed = name.hashCode();
            for (int i = 0; i < length; i++) {
                seed = seed * 1103515245 + 12345;
                b[i] = (byte) (seed >>> 16);
            }
            return b;
        }).clone();
    }
}
