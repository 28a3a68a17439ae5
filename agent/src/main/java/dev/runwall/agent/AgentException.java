package dev.runwall.agent;

/** The agent could not start or stop as asked; the message says what and what to do. */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whose fault: the user's input, or the machine's state. */
    public enum Kind { INVALID_INPUT, STATE }

    private final Kind kind;

    public AgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public AgentException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
