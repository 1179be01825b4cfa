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
                String why = result.getThrowable().map(ProgressListener::firstLine).orElse("failed");
                problems.add(id.getDisplayName() + ": " + why);
                out.println("  " + terminal.failed() + " " + id.getDisplayName() + ": " + why);
            }
            return;
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> line(terminal.passed(), id, null);
            case ABORTED -> line(terminal.skipped(), id, result.getThrowable().map(ProgressListener::firstLine).orElse(null));
            case FAILED -> line(terminal.failed(), id, result.getThrowable().map(ProgressListener::firstLine).orElse(null));
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

    static String firstLine(Throwable t) {
        String msg = t.getMessage();
        String first = msg == null || msg.isBlank() ? t.getClass().getName() : msg.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
