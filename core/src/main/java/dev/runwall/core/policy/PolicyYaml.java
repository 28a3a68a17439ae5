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
     * {@link #withBlock} after comment lines naming what was left out: calls blocked in a run, and calls whose host
     * could be no entry.
     */
    public static String withBlockAndNotes(PolicyMerger.JobPolicy p) {
        StringBuilder y = new StringBuilder();
        appendNotes(y, p);
        return y.append(withBlock(p)).toString();
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
                    y.append("; ").append(oneLine(String.join(", ", e.steps())));
                }
            }
            y.append('\n');
        }
        for (WildcardSuggestion w : p.wildcards()) {
            y.append("# suggestion: ").append(quote(w.pattern())).append(" would replace ")
                    .append(String.join(", ", w.covers())).append('\n');
        }
        appendNotes(y, p);
        if (perStep) {
            appendPerStep(y, p);
        }
        return y.toString();
    }

    private static void appendNotes(StringBuilder y, PolicyMerger.JobPolicy p) {
        for (String b : p.blockedNotIncluded()) {
            y.append("# blocked in a run, not included: ").append(oneLine(b)).append('\n');
        }
        for (String b : p.invalidNotIncluded()) {
            y.append("# not an exact host name or address, not included: ").append(oneLine(b)).append('\n');
        }
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

    /** A single-quoted YAML scalar, with every character YAML does not print on one line turned into a space. */
    static String quote(String text) {
        return "'" + oneLine(text).replace("'", "''") + "'";
    }

    /**
     * Text from a report on one line of YAML (a comment or a quoted scalar): every character outside YAML's
     * printable set (control characters, unpaired surrogates, U+FFFE, U+FFFF), every line break YAML knows
     * (including NEL, U+2028, U+2029) and the byte-order mark become spaces.
     */
    public static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(printableOnOneLine(c) ? c : ' '));
        return sb.toString();
    }

    private static boolean printableOnOneLine(int c) {
        return (c >= 0x20 && c <= 0x7E)
                || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
