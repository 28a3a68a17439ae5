package dev.runwall.agent.audit;

/** The kernel's audit subsystem cannot be used here; the message says why and what to do. */
public final class AuditUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
