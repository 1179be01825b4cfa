package dev.fcspec.harness;

import dev.fcspec.emulator.bench.BenchDefinitionException;
import dev.fcspec.emulator.bench.BenchLoader;
import dev.fcspec.emulator.bench.BenchSpec;
import dev.fcspec.emulator.bench.EmulatorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fcspec emulate --bench NAME|FILE [--endpoints-file PATH]}: serves the bench's emulated appliances
 * (iSCSI portals on loopback) until SIGINT/SIGTERM, and writes the endpoints it serves as JSON to the
 * endpoints file and to standard output.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the bench's emulated appliances as a server until SIGINT/SIGTERM and writes",
                "the endpoints it serves as JSON, e.g.",
                "{\"iscsi\": [{\"portal\": \"127.0.0.1:3261\", \"target\": \"iqn...\", \"luns\": [0, 1]}], \"fcip\": []}"})
final class EmulateCommand implements Callable<Integer> {

    @Option(names = "--bench", paramLabel = "NAME|FILE", required = true,
            description = "Bench file to serve, or a bench name (fixtures/benches/NAME.yaml), e.g. conformance.")
    String bench;

    @Option(names = "--endpoints-file", paramLabel = "PATH",
            description = "Also write the served endpoints as JSON to this file (written once the portals listen).")
    Path endpointsFile;

    private final PrintStream stdout;
    private final PrintStream stderr;

    EmulateCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        BenchSpec spec;
        try {
            spec = BenchLoader.load(bench);
        } catch (BenchDefinitionException e) {
            throw new Fcspec.UsageException("--bench " + bench + ": " + e.getMessage());
        }
        stderr.println("fcspec emulate: serving bench " + spec.name() + " until interrupted (Ctrl-C); heap limit "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        stdout.flush();
        return EmulatorServer.run(spec, endpointsFile);
    }
}
