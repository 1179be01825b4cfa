package dev.fcspec.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scenarios of a run from Cucumber's message stream ({@code cucumber.ndjson}, one JSON envelope
 * per line). The outcome of a scenario is the worst outcome of its steps and hooks in its last attempt.
 * An attachment with media type {@value #CAPTURE_MEDIA_TYPE} names a frame capture file of the scenario; one
 * with media type {@value #MISSING_CAPABILITY_MEDIA_TYPE} names a capability the bench lacks, for which the
 * scenario was skipped.
 */
public final class CucumberMessages {

    /** Media type of the attachment by which a scenario names one of its capture files. */
    public static final String CAPTURE_MEDIA_TYPE = "text/uri-list";
    /**
     * Media type of the attachment by which a skipped scenario names the capability its bench lacks (the
     * steps' {@code ScenarioContext.skipForMissing}).
     */
    public static final String MISSING_CAPABILITY_MEDIA_TYPE = "text/x.fcspec.missing-capability";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CucumberMessages() {
    }

    public static List<ScenarioResult> read(Path ndjson) throws IOException {
        try (Reader r = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    public static List<ScenarioResult> read(Reader reader) throws IOException {
        Map<String, String> featureNames = new HashMap<>();        // uri -> feature name
        Map<String, Integer> astLines = new HashMap<>();           // scenario / example row id -> line
        Map<String, JsonNode> pickles = new HashMap<>();           // pickle id -> pickle
        Map<String, String> testCasePickle = new HashMap<>();      // test case id -> pickle id
        Map<String, Attempt> attempts = new HashMap<>();           // test case started id -> attempt
        Map<String, Attempt> lastAttempt = new LinkedHashMap<>();  // pickle id -> final attempt, run order

        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode envelope;
            try {
                envelope = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException("cucumber.ndjson line " + lineNo + " is not a JSON message: " + e.getMessage(), e);
            }
            if (envelope.has("gherkinDocument")) {
                JsonNode doc = envelope.get("gherkinDocument");
                JsonNode feature = doc.path("feature");
                featureNames.put(doc.path("uri").asText(), feature.path("name").asText());
                collectLines(feature, astLines);
            } else if (envelope.has("pickle")) {
                JsonNode p = envelope.get("pickle");
                pickles.put(p.path("id").asText(), p);
            } else if (envelope.has("testCase")) {
                JsonNode tc = envelope.get("testCase");
                testCasePickle.put(tc.path("id").asText(), tc.path("pickleId").asText());
            } else if (envelope.has("testCaseStarted")) {
                JsonNode s = envelope.get("testCaseStarted");
                String pickleId = testCasePickle.get(s.path("testCaseId").asText());
                if (pickleId == null) {
                    throw new IOException("cucumber.ndjson line " + lineNo + ": test case started for unknown test case "
                            + s.path("testCaseId").asText());
                }
                Attempt a = new Attempt(pickleId);
                attempts.put(s.path("id").asText(), a);
                lastAttempt.remove(pickleId); // a retried scenario is reported where its last attempt ran
                lastAttempt.put(pickleId, a);
            } else if (envelope.has("testStepFinished")) {
                JsonNode f = envelope.get("testStepFinished");
                Attempt a = attempts.get(f.path("testCaseStartedId").asText());
                if (a != null) {
                    JsonNode result = f.path("testStepResult");
                    ScenarioStatus s = ScenarioStatus.ofCucumberStep(result.path("status").asText("UNKNOWN"));
                    a.steps++;
                    if (s != ScenarioStatus.PASSED && a.message == null) {
                        a.message = result.path("message").asText(
                                result.path("exception").path("message").asText(null));
                    }
                    a.status = a.status.worst(s);
                }
            } else if (envelope.has("attachment")) {
                JsonNode at = envelope.get("attachment");
                Attempt a = attempts.get(at.path("testCaseStartedId").asText());
                String mediaType = at.path("mediaType").asText();
                if (a != null && CAPTURE_MEDIA_TYPE.equals(mediaType)) {
                    body(at).lines().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                            .forEach(a.captures::add);
                } else if (a != null && MISSING_CAPABILITY_MEDIA_TYPE.equals(mediaType)) {
                    String capability = body(at).strip();
                    if (!capability.isEmpty()) {
                        a.missingCapabilities.add(capability);
                    }
                }
            }
        }

        List<ScenarioResult> results = new ArrayList<>();
        Map<String, Integer> nameCount = new HashMap<>();
        List<Object[]> raw = new ArrayList<>();
        for (Attempt a : lastAttempt.values()) {
            JsonNode p = pickles.get(a.pickleId);
            String uri = p.path("uri").asText();
            String name = featureNames.getOrDefault(uri, uri) + " - " + p.path("name").asText();
            int line1 = pickleLine(p, astLines);
            List<String> tags = new ArrayList<>();
            p.path("tags").forEach(t -> tags.add(t.path("name").asText()));
            nameCount.merge(name, 1, Integer::sum);
            raw.add(new Object[] {name, uri, line1, tags, a});
        }
        for (Object[] r : raw) {
            String name = (String) r[0];
            Attempt a = (Attempt) r[4];
            int line1 = (Integer) r[2];
            if (nameCount.get(name) > 1) {
                name = name + " [" + ScenarioResult.featurePath((String) r[1]) + ":" + line1 + "]";
            }
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) r[3];
            ScenarioStatus status = a.steps == 0 ? ScenarioStatus.SKIPPED : a.status;
            results.add(new ScenarioResult(name, (String) r[1], line1, tags, status,
                    status == ScenarioStatus.PASSED ? null : a.message, a.captures,
                    status == ScenarioStatus.SKIPPED ? List.copyOf(a.missingCapabilities) : List.of()));
        }
        return results;
    }

    private static String body(JsonNode attachment) {
        String body = attachment.path("body").asText("");
        return "BASE64".equals(attachment.path("contentEncoding").asText())
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    /** The pickle's own location if the message has one, else the line of its last AST node (example row). */
    private static int pickleLine(JsonNode pickle, Map<String, Integer> astLines) {
        JsonNode loc = pickle.path("location").path("line");
        if (loc.isInt()) {
            return loc.asInt();
        }
        JsonNode ids = pickle.path("astNodeIds");
        for (int i = ids.size() - 1; i >= 0; i--) {
            Integer l = astLines.get(ids.get(i).asText());
            if (l != null) {
                return l;
            }
        }
        return 0;
    }

    /** Records the line of every scenario, background step container and example row, by AST id. */
    private static void collectLines(JsonNode node, Map<String, Integer> out) {
        if (node.isObject()) {
            JsonNode id = node.get("id");
            JsonNode line = node.path("location").path("line");
            if (id != null && line.isInt()) {
                out.put(id.asText(), line.asInt());
            }
            node.forEach(child -> collectLines(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collectLines(child, out));
        }
    }

    private static final class Attempt {
        final String pickleId;
        ScenarioStatus status = ScenarioStatus.PASSED;
        String message;
        int steps;
        final List<String> captures = new ArrayList<>();
        final Set<String> missingCapabilities = new LinkedHashSet<>();

        Attempt(String pickleId) {
            this.pickleId = pickleId;
        }
    }
}
