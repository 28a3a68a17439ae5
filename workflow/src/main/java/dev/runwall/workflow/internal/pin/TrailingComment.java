package dev.runwall.workflow.internal.pin;

import dev.runwall.workflow.RepoRefs;
import dev.runwall.workflow.internal.yaml.SourceText;

/**
 * What follows a scalar on its line: nothing, a comment, or more YAML (flow style). A comment may
 * start with a version ({@code # v4.2.2}, {@code # tag=v4.2.2}); its range is kept so that it can be
 * repaired without touching the rest of the comment.
 */
record TrailingComment(Kind kind, int hash, int versionStart, int versionEnd, String version) {
    enum Kind { NOTHING, COMMENT, MORE_YAML }

    static TrailingComment after(SourceText source, int offset) {
        String text = source.text();
        int end = source.lineEnd(offset);
        int i = offset;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i >= end) {
            return new TrailingComment(Kind.NOTHING, -1, -1, -1, null);
        }
        if (text.charAt(i) != '#' || i == offset) {
            return new TrailingComment(Kind.MORE_YAML, -1, -1, -1, null);
        }
        int hash = i;
        int v = i + 1;
        while (v < end && text.charAt(v) == ' ') {
            v++;
        }
        for (String prefix : new String[] {"tag=", "pin@", "@"}) {
            if (text.startsWith(prefix, v)) {
                v += prefix.length();
                break;
            }
        }
        int ve = v;
        while (ve < end && isRefChar(text.charAt(ve))) {
            ve++;
        }
        // a trailing comma or period belongs to the sentence, not to the version
        while (ve > v && (text.charAt(ve - 1) == '.' || text.charAt(ve - 1) == ',')) {
            ve--;
        }
        String token = text.substring(v, ve);
        return new TrailingComment(Kind.COMMENT, hash, v, ve, token.isEmpty() ? null : token);
    }

    /** The version the comment names, when it looks like one or names a ref of the repository. */
    String versionFor(RepoRefs refs) {
        if (version == null) {
            return null;
        }
        return refs.knows(version) || RepoRefs.looksLikeVersion(version) ? version : null;
    }

    private static boolean isRefChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == '+';
    }
}
