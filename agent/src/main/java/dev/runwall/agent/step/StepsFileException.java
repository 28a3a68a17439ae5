package dev.runwall.agent.step;

/** A steps file is malformed; the message has file:line and what to fix. */
public final class StepsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public StepsFileException(String message) {
        super(message);
    }
}
