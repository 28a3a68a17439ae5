package dev.runwall.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Writes the findings of {@code runwall secure} as text, JSON, or SARIF 2.1.0 for code scanning. */
public final class FindingsWriter {
    public static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private final String toolVersion;

    public FindingsWriter(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    /** {@code file:line:column: level [rule] message}, one per line; control characters from files are replaced. */
    public String text(List<HardeningResult> results) {
        StringBuilder out = new StringBuilder();
        for (HardeningResult r : results) {
            for (Finding f : r.findings()) {
                out.append(clean(f.file()));
                if (f.line() > 0) {
                    out.append(':').append(f.line()).append(':').append(f.column());
                }
                out.append(": ").append(f.severity().sarifLevel()).append(" [").append(f.rule().id()).append("] ")
                        .append(clean(f.message())).append(f.fixed() ? " (fixed)" : "").append('\n');
            }
        }
        return out.toString();
    }

    /** One JSON document: per file its outcome, findings and (when {@code withDiff}) the unified diff. */
    public String json(List<HardeningResult> results, boolean withDiff) {
        ObjectMapper json = mapper();
        ObjectNode root = json.createObjectNode();
        root.put("tool", "runwall secure");
        root.put("version", toolVersion);
        ArrayNode files = root.putArray("files");
        int changed = 0;
        int findings = 0;
        for (HardeningResult r : results) {
            ObjectNode file = files.addObject();
            file.put("path", r.file());
            file.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode list = file.putArray("findings");
            for (Finding f : r.findings()) {
                ObjectNode n = list.addObject();
                n.put("rule", f.rule().id());
                n.put("level", f.severity().sarifLevel());
                n.put("message", f.message());
                n.put("line", f.line());
                n.put("column", f.column());
                n.put("fixed", f.fixed());
                findings++;
            }
            if (withDiff && r.changed()) {
                file.put("diff", UnifiedDiff.of(r.file(), r.original(), r.updated()));
            }
            changed += r.changed() ? 1 : 0;
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("files", results.size());
        summary.put("changed", changed);
        summary.put("findings", findings);
        return write(json, root);
    }

    /** A SARIF 2.1.0 log with one run, every rule described, results with file/line locations. */
    public String sarif(List<HardeningResult> results) {
        ObjectMapper json = mapper();
        ObjectNode root = json.createObjectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "runwall");
        driver.put("fullName", "runwall secure");
        driver.put("version", toolVersion);
        driver.put("informationUri", "https://github.com/runwall/runwall");
        ArrayNode rules = driver.putArray("rules");
        for (Rule rule : Rule.values()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.putObject("shortDescription").put("text", rule.title());
            r.putObject("fullDescription").put("text", rule.help());
            r.putObject("help").put("text", rule.help());
            r.putObject("defaultConfiguration").put("level", rule.defaultSeverity().sarifLevel());
        }
        ArrayNode out = run.putArray("results");
        for (HardeningResult res : results) {
            for (Finding f : res.findings()) {
                ObjectNode n = out.addObject();
                n.put("ruleId", f.rule().id());
                n.put("ruleIndex", f.rule().ordinal());
                n.put("level", f.severity().sarifLevel());
                n.putObject("message").put("text", f.message() + (f.fixed() ? " (fixed by runwall secure --write)" : ""));
                ObjectNode location = n.putArray("locations").addObject().putObject("physicalLocation");
                location.putObject("artifactLocation").put("uri", uri(f.file())).put("uriBaseId", "%SRCROOT%");
                ObjectNode region = location.putObject("region");
                region.put("startLine", Math.max(1, f.line()));
                if (f.column() > 0) {
                    region.put("startColumn", f.column());
                }
                n.putObject("properties").put("fixed", f.fixed());
            }
        }
        run.putObject("originalUriBaseIds").putObject("%SRCROOT%").putObject("description")
                .put("text", "The folder runwall secure ran in (the repository root).");
        return write(json, root);
    }

    /** A relative URI reference for a file path (forward slashes, percent-encoded). */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        try {
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            return p.replaceAll("[^A-Za-z0-9/._-]", "_");
        }
    }

    /** Control characters (terminal escapes, line breaks) from a file never reach the terminal as such. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (Character.isISOControl(c) && c != '\t') || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(control ? '?' : c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Made on demand: text output does not pay for Jackson's start-up. */
    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static String write(ObjectMapper json, ObjectNode root) {
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
