package dev.runwall.workflow.internal.agent;

import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which operating system a job's {@code runs-on} selects, following {@code matrix.X} where it can. */
enum RunnerOs {
    LINUX, NOT_LINUX, MIXED, UNKNOWN;

    private static final Pattern MATRIX = Pattern.compile("^\\$\\{\\{\\s*matrix\\.([A-Za-z0-9_-]+)\\s*}}$");

    static RunnerOs of(Job job) {
        YamlNode runsOn = job.runsOn();
        if (runsOn == null) {
            return UNKNOWN;
        }
        List<String> labels = labels(runsOn);
        if (labels.isEmpty()) {
            return UNKNOWN;
        }
        List<String> values = new ArrayList<>();
        for (String label : labels) {
            Matcher m = MATRIX.matcher(label.trim());
            if (m.matches()) {
                List<String> options = matrixValues(job, m.group(1));
                if (options.isEmpty()) {
                    return UNKNOWN;
                }
                values.addAll(options);
            } else if (label.contains("${{")) {
                return UNKNOWN;
            } else {
                values.add(label);
            }
        }
        boolean linux = false;
        boolean other = false;
        for (String v : values) {
            String l = v.toLowerCase(Locale.ROOT);
            if (l.contains("windows") || l.contains("macos") || l.contains("mac-os") || l.startsWith("osx")) {
                other = true;
            } else {
                linux = true;
            }
        }
        if (labels.size() > 1 && !labels.stream().anyMatch(s -> s.contains("${{"))) {
            return other ? NOT_LINUX : LINUX; // one runner with several labels
        }
        return linux && other ? MIXED : other ? NOT_LINUX : LINUX;
    }

    private static List<String> labels(YamlNode runsOn) {
        List<String> out = new ArrayList<>();
        YamlNode n = YamlDocument.resolve(runsOn);
        if (n instanceof YamlMapping m) {
            n = YamlDocument.get(m, "labels");
            if (n == null) {
                out.add("self-hosted-group");
                return out;
            }
        }
        if (n instanceof YamlScalar s) {
            out.add(s.value());
        } else if (n instanceof YamlSequence seq) {
            for (YamlNode item : seq.items()) {
                if (YamlDocument.resolve(item) instanceof YamlScalar s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    private static List<String> matrixValues(Job job, String key) {
        List<String> out = new ArrayList<>();
        YamlNode matrix = YamlDocument.get(YamlDocument.get(job.body(), "strategy"), "matrix");
        if (YamlDocument.get(matrix, key) instanceof YamlSequence seq) {
            for (YamlNode item : seq.items()) {
                if (!(YamlDocument.resolve(item) instanceof YamlScalar s)) {
                    return List.of();
                }
                out.add(s.value());
            }
        } else if (YamlDocument.get(matrix, key) != null) {
            return List.of(); // an expression or a mapping: cannot tell
        }
        if (YamlDocument.get(matrix, "include") instanceof YamlSequence inc) {
            for (YamlNode item : inc.items()) {
                String v = YamlDocument.text(item, key);
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
