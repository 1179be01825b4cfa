package dev.fcspec.harness;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fcspec emulate --bench FILE [--endpoints-file PATH]}: serves a bench's emulated appliances until
 * SIGINT/SIGTERM and writes the endpoints it serves as JSON. This build has no server front end yet, so
 * the command checks its options and then says so.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the bench's emulated appliances as a server until SIGINT/SIGTERM and writes",
                "the endpoints it serves (iSCSI portals, FCIP addresses) as JSON."})
final class EmulateCommand implements Callable<Integer> {

    @Option(names = "--bench", paramLabel = "FILE", required = true, description = "Bench file to serve.")
    Path bench;

    @Option(names = "--endpoints-file", paramLabel = "PATH",
            description = "Where to write the served endpoints as JSON (default: print them).")
    Path endpointsFile;

    private final PrintStream stdout;
    private final PrintStream stderr;

    EmulateCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(bench)) {
            throw new Fcspec.UsageException("--bench " + bench + ": no such bench file");
        }
        stderr.println("fcspec emulate: not available in this build: needs the iSCSI front end"
                + " (dev.fcspec.emulator.iscsi server), which this build does not contain");
        stdout.flush();
        return Fcspec.USAGE;
    }
}
