package dev.runwall.workflow;

/**
 * A workflow or action file that is not valid YAML, or not the shape GitHub Actions accepts. The
 * message says what is wrong; {@link #line()} and {@link #column()} (1-based, 0 when unknown) say where.
 */
public final class WorkflowParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public WorkflowParseException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public WorkflowParseException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
