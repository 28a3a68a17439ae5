package dev.runwall.sandbox.internal.zone;

/** One value of a zone that breaks a rule; the message says what is wrong and what to do, not where. */
public final class RuleViolation extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleViolation(String message) {
        super(message);
    }
}
