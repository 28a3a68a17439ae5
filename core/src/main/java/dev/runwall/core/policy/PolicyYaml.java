package dev.runwall.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two ways a merged policy is printed: the allowed-endpoints block of the step's {@code with:} (Harden-
 * Runner's format, which the Runwall action accepts unchanged), and the Runwall policy file, which also
 * says how often and where each endpoint was needed. Step names and hosts are quoted, so text from a
 * workflow cannot break the YAML.
 */
public final class PolicyYaml {
    private PolicyYaml() {}

    /** {@code egress-policy: block} and {@code allowed-endpoints: >} with one entry per line. */
    public static String withBlock(PolicyMerger.JobPolicy p) {
        StringBuilder y = new StringBuilder();
        y.append("egress-policy: block\n");
        if (p.allowedEndpoints().isEmpty()) {
            y.append("allowed-endpoints: \"\"\n");
            return y.toString();
        }
        y.append("allowed-endpoints: >\n");
        for (String e : p.allowedEndpoints()) {
            y.append("  ").append(e).append('\n');
        }
        return y.toString();
    }

    /**
     * The Runwall policy file: the entries as a list with, per entry, the runs and steps that needed it;
     * the wildcard suggestions and the blocked calls as comments; with {@code perStep} a map from step
     * name to the entries it needed.
     */
    public static String runwallFile(PolicyMerger.JobPolicy p, boolean perStep) {
        StringBuilder y = new StringBuilder();
        if (p.job() != null) {
            y.append("job: ").append(quote(p.job())).append('\n');
        }
        y.append("runs: ").append(p.runs()).append('\n');
        y.append("egress-policy: block\n");
        y.append("allowed-endpoints:").append(p.allowedEndpoints().isEmpty() ? " []\n" : "\n");
        Map<String, PolicyEntry> entries = new LinkedHashMap<>();
        p.entries().forEach(e -> entries.put(e.endpoint(), e));
        for (String endpoint : p.allowedEndpoints()) {
            y.append("  - ").append(quote(endpoint));
            PolicyEntry e = entries.get(endpoint);
            if (e != null) {
                y.append("  # ").append(e.runsSeen()).append('/').append(p.runs()).append(" runs");
                if (!e.steps().isEmpty()) {
                    y.append("; ").append(comment(String.join(", ", e.steps())));
                }
            }
            y.append('\n');
        }
        for (WildcardSuggestion w : p.wildcards()) {
            y.append("# suggestion: ").append(quote(w.pattern())).append(" would replace ")
                    .append(String.join(", ", w.covers())).append('\n');
        }
        for (String b : p.blockedNotIncluded()) {
            y.append("# blocked in a run, not included: ").append(comment(b)).append('\n');
        }
        if (perStep) {
            appendPerStep(y, p);
        }
        return y.toString();
    }

    private static void appendPerStep(StringBuilder y, PolicyMerger.JobPolicy p) {
        Map<String, List<String>> byStep = new LinkedHashMap<>();
        List<String> noStep = new ArrayList<>();
        for (PolicyEntry e : p.entries()) {
            if (e.steps().isEmpty()) {
                noStep.add(e.endpoint());
            }
            for (String s : e.steps()) {
                byStep.computeIfAbsent(s, k -> new ArrayList<>()).add(e.endpoint());
            }
        }
        y.append("steps:").append(byStep.isEmpty() && noStep.isEmpty() ? " {}\n" : "\n");
        byStep.forEach((step, list) -> appendList(y, quote(step), list));
        if (!noStep.isEmpty()) {
            y.append("# calls not attributed to a step:\n");
            appendList(y, "~", noStep);
        }
    }

    private static void appendList(StringBuilder y, String key, List<String> list) {
        y.append("  ").append(key).append(":\n");
        for (String e : list) {
            y.append("    - ").append(quote(e)).append('\n');
        }
    }

    /** A single-quoted YAML scalar, with control characters (line breaks) turned into spaces. */
    static String quote(String text) {
        return "'" + comment(text).replace("'", "''") + "'";
    }

    private static String comment(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c));
        return sb.toString();
    }
}
