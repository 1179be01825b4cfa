package dev.fcspec.harness;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The {@code fcspec} command line.
 *
 * <pre>
 * fcspec run [--bench NAME|FILE] [--tags EXPR] [--out DIR] [--seed N] [--scenario PATH[:LINE]]...
 * fcspec emulate --bench FILE [--endpoints-file PATH]
 * </pre>
 *
 * Exit codes: 0 every selected scenario passed (and at least one ran); 1 a scenario failed or was skipped,
 * or none ran; 2 the command line was wrong (the message says how).
 */
@Command(name = "fcspec", mixinStandardHelpOptions = true, versionProvider = Fcspec.Version.class,
        description = "Runs fcspec's behaviour specifications against an emulated or real SAN and reports the evidence.",
        subcommands = CommandLine.HelpCommand.class)
public final class Fcspec implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: run or emulate");
    }

    public static void main(String[] args) {
        Charset charset = Terminal.outputCharset();
        PrintStream out = new PrintStream(System.out, true, charset);
        PrintStream err = new PrintStream(System.err, true, charset);
        System.exit(execute(args, out, err, Terminal.detect()));
    }

    /** Runs the command line in this JVM and returns its exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err, Terminal terminal) {
        CommandLine cmd = new CommandLine(new Fcspec());
        cmd.addSubcommand("run", new RunCommand(out, err, terminal));
        cmd.addSubcommand("emulate", new EmulateCommand(out, err));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                err.println("fcspec: " + ex.getMessage());
                return USAGE;
            }
            err.println("fcspec: " + ex);
            ex.printStackTrace(err);
            return FAILED;
        });
        cmd.setParameterExceptionHandler((ex, args1) -> {
            err.println("fcspec: " + ex.getMessage());
            err.println("Try 'fcspec " + commandPath(ex.getCommandLine()) + "--help' for the options.");
            return USAGE;
        });
        return cmd.execute(args);
    }

    private static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("fcspec") ? path.substring("fcspec".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }

    /** A problem with the command line found after parsing (a bench that does not exist, a bad tag expression). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Fcspec.class.getPackage().getImplementationVersion();
            return new String[] {"fcspec " + (v == null ? "(development build)" : v)};
        }
    }
}
