package dev.fcspec.reports.summary;

import java.util.ArrayList;
import java.util.List;

/** Builds small hand-made Cucumber message streams for tests, one scenario at a time. */
final class Ndjson {

    private final List<String> lines = new ArrayList<>();
    private int next;

    Ndjson feature(String uri, String name) {
        lines.add("{\"gherkinDocument\":{\"uri\":\"" + uri + "\",\"feature\":{\"name\":\"" + name
                + "\",\"location\":{\"line\":2,\"column\":1},\"children\":[]}}}");
        return this;
    }

    /**
     * A scenario with its tags and step statuses (PASSED, FAILED, SKIPPED, UNDEFINED...), run once.
     * {@code attachments} are capture file names attached as text/uri-list.
     */
    Ndjson scenario(String uri, int line, String name, List<String> tags, List<String> stepStatuses,
                    String... attachments) {
        String pickle = "p" + (++next);
        String testCase = "tc" + next;
        String started = "s" + next;
        StringBuilder tagJson = new StringBuilder();
        for (String t : tags) {
            tagJson.append(tagJson.length() == 0 ? "" : ",").append("{\"name\":\"").append(t).append("\",\"astNodeId\":\"x\"}");
        }
        lines.add("{\"pickle\":{\"id\":\"" + pickle + "\",\"uri\":\"" + uri + "\",\"location\":{\"line\":" + line
                + ",\"column\":3},\"name\":\"" + name + "\",\"tags\":[" + tagJson + "],\"astNodeIds\":[\"a" + next + "\"]}}");
        lines.add("{\"testCase\":{\"id\":\"" + testCase + "\",\"pickleId\":\"" + pickle + "\",\"testSteps\":[]}}");
        lines.add("{\"testCaseStarted\":{\"id\":\"" + started + "\",\"testCaseId\":\"" + testCase + "\",\"attempt\":0}}");
        int step = 0;
        for (String status : stepStatuses) {
            String message = status.equals("PASSED") ? "" : ",\"message\":\"" + status.toLowerCase() + " at step " + step + "\"";
            lines.add("{\"testStepFinished\":{\"testCaseStartedId\":\"" + started + "\",\"testStepId\":\"st" + (step++)
                    + "\",\"testStepResult\":{\"status\":\"" + status + "\",\"duration\":{\"seconds\":0,\"nanos\":1}" + message + "}}}");
        }
        for (String a : attachments) {
            lines.add("{\"attachment\":{\"testCaseStartedId\":\"" + started + "\",\"body\":\"" + a
                    + "\",\"contentEncoding\":\"IDENTITY\",\"mediaType\":\"text/uri-list\"}}");
        }
        lines.add("{\"testCaseFinished\":{\"testCaseStartedId\":\"" + started + "\",\"willBeRetried\":false}}");
        return this;
    }

    /**
     * A scenario whose steps passed until one needed a capability the bench lacks: the step attaches the
     * capability's name and is skipped, as {@code ScenarioContext.skipForMissing} does.
     */
    Ndjson scenarioLacking(String uri, int line, String name, List<String> tags, String capability) {
        scenario(uri, line, name, tags, List.of("PASSED", "SKIPPED"));
        String finished = lines.remove(lines.size() - 1);
        String skipped = lines.remove(lines.size() - 1);
        lines.add("{\"attachment\":{\"testCaseStartedId\":\"s" + next + "\",\"body\":\"" + capability
                + "\",\"contentEncoding\":\"IDENTITY\",\"mediaType\":\"text/x.fcspec.missing-capability\"}}");
        lines.add(skipped);
        lines.add(finished);
        return this;
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\n";
    }
}
