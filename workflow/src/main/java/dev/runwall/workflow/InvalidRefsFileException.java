package dev.runwall.workflow;

/** A {@code --refs} JSON file that is not of the documented shape; the message says where and what. */
public final class InvalidRefsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRefsFileException(String message) {
        super(message);
    }

    public InvalidRefsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
