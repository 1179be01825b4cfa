package dev.fcspec.harness;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a line per finished scenario while a run goes on: its mark, a running count and its name, and for
 * a failure or skip the first line of the reason.
 *
 * <pre>
 *   ✓ [ 3/12] Fabric login - An N_Port logs in with FLOGI
 * </pre>
 */
final class ProgressListener implements TestExecutionListener {

    private final PrintStream out;
    private final Terminal terminal;
    private int total;
    private int done;
    private int width = 1;
    private final List<String> problems = new ArrayList<>();

    ProgressListener(PrintStream out, Terminal terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    int total() {
        return total;
    }

    /** Failures outside any scenario (a feature file that does not parse, an engine error). */
    List<String> problems() {
        return problems;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        total = (int) testPlan.countTestIdentifiers(TestIdentifier::isTest);
        width = Integer.toString(Math.max(total, 1)).length();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            line(terminal.skipped(), id, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                String why = result.getThrowable().map(ProgressListener::reason).orElse("failed");
                problems.add(id.getDisplayName() + ": " + why);
                out.println("  " + terminal.failed() + " " + id.getDisplayName() + ": " + why);
            }
            return;
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> line(terminal.passed(), id, null);
            case ABORTED -> line(terminal.skipped(), id, result.getThrowable().map(ProgressListener::reason).orElse(null));
            case FAILED -> line(terminal.failed(), id, result.getThrowable().map(ProgressListener::reason).orElse(null));
            default -> throw new IllegalStateException(result.getStatus().toString());
        }
    }

    private void line(String mark, TestIdentifier id, String reason) {
        done++;
        String count = String.format("[%" + width + "d/%d]", done, total);
        out.println("  " + mark + " " + count + " " + id.getDisplayName());
        if (reason != null && !reason.isBlank()) {
            out.println("      " + reason);
        }
        out.flush();
    }

    /** The start of a failure message: its first three non-blank lines, e.g. AssertJ's expected / but was. */
    static String reason(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            return t.getClass().getName();
        }
        String text = String.join("\n      ", msg.strip().lines().map(String::strip).filter(l -> !l.isEmpty())
                .limit(3).map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l).toList());
        return text;
    }
}
