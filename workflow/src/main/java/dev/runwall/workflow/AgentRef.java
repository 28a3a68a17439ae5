package dev.runwall.workflow;

import java.util.regex.Pattern;

/** The action that runs the Runwall agent, {@code OWNER/REPO@VERSION} (default {@code runwall/runwall@v1}). */
public record AgentRef(String ownerRepo, String version) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[A-Za-z0-9_./+-]+");
    public static final AgentRef DEFAULT = new AgentRef("runwall/runwall", "v1");

    /** Parses {@code OWNER/REPO@VERSION}; IllegalArgumentException with a user-facing message otherwise. */
    public static AgentRef parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not of the form OWNER/REPO@VERSION (for example runwall/runwall@v1)");
        }
        int at = text.indexOf('@');
        return new AgentRef(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return ownerRepo + "@" + version;
    }
}
