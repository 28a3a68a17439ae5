package dev.runwall.workflow;

/**
 * What {@code runwall secure} changes: pin references, set permissions, add the Runwall step; with
 * {@code explain}, each granted permission gets its reason as a comment.
 */
public record SecureOptions(boolean pin, boolean permissions, boolean agent, AgentRef agentRef, boolean explain) {
    public static final SecureOptions DEFAULT = new SecureOptions(true, true, true, AgentRef.DEFAULT, false);

    public SecureOptions {
        if (agentRef == null) {
            throw new IllegalArgumentException("agentRef");
        }
    }
}
