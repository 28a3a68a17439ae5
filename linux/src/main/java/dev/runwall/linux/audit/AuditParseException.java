package dev.runwall.linux.audit;

/**
 * An audit record's text did not have the shape the kernel produces: a missing header, an
 * unterminated quote, a value that is neither quoted nor hex, a sockaddr too short for its family.
 * Checked: audit records carry attacker-chosen text (command lines, paths, process names).
 */
public class AuditParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditParseException(String message) {
        super(message);
    }

    public AuditParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
