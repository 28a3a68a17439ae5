package dev.runwall.core.policy;

/** A policy the user wrote is invalid; the message names the entry and says why. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
