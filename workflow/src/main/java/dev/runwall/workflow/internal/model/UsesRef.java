package dev.runwall.workflow.internal.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a {@code uses:} value refers to. */
public sealed interface UsesRef {
    Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** {@code ./path} in this repository, or a {@code $/} self-repository reference: never pinned. */
    record Local(String path) implements UsesRef {}

    /** {@code docker://image[:tag|@digest]}. */
    record Docker(String image) implements UsesRef {}

    /** {@code owner/repo[/path]@ref}. */
    record Remote(String owner, String repo, String path, String ref) implements UsesRef {
        /** {@code owner/repo} in lower case: GitHub names are case-insensitive. */
        public String repoKey() {
            return (owner + "/" + repo).toLowerCase(Locale.ROOT);
        }

        /** {@code owner/repo[/path]} as written. */
        public String action() {
            return owner + "/" + repo + (path.isEmpty() ? "" : "/" + path);
        }

        public boolean pinned() {
            return FULL_SHA.matcher(ref).matches();
        }

        public Remote withRef(String newRef) {
            return new Remote(owner, repo, path, newRef);
        }

        @Override
        public String toString() {
            return action() + "@" + ref;
        }
    }

    /** Anything else (an expression, a missing {@code @ref}): reported, never edited. */
    record Invalid(String text, String reason) implements UsesRef {}

    static UsesRef parse(String text) {
        String t = text.trim();
        if (t.startsWith("./") || t.startsWith("$/") || t.equals(".")) {
            return new Local(t);
        }
        if (t.startsWith("docker://")) {
            return new Docker(t.substring("docker://".length()));
        }
        if (t.contains("${{")) {
            return new Invalid(t, "an expression in 'uses' cannot be checked");
        }
        int at = t.lastIndexOf('@');
        if (at < 0) {
            return new Invalid(t, "no @ref: GitHub needs 'owner/repo@ref'");
        }
        String ref = t.substring(at + 1);
        String[] parts = t.substring(0, at).split("/", 3);
        if (parts.length < 2 || ref.isEmpty() || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
            return new Invalid(t, "not of the form owner/repo[/path]@ref");
        }
        return new Remote(parts[0], parts[1], parts.length == 3 ? parts[2] : "", ref);
    }
}
