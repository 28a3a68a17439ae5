package dev.runwall.sandbox;

/**
 * A sandbox operation that could not be done. The message says what, where and what to do; the reason
 * tells a caller (the CLI) whether the user's input or the machine's state was at fault.
 */
public final class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whose fault it is. */
    public enum Reason {
        /** A bad name, zone or option. */
        INVALID_INPUT,
        /** Not root, a tool or kernel feature missing, a sandbox already up or missing, a command failing. */
        STATE
    }

    private final Reason reason;

    public SandboxException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SandboxException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
