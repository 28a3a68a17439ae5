package dev.runwall.cli;

/** Ends a command with a documented exit code and a message for the user (what, where, what to do). */
public final class ExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public ExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExitException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
