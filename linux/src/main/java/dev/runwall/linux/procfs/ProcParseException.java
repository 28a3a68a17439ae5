package dev.runwall.linux.procfs;

/** A procfs file did not have the expected shape (a process name can contain anything, so this happens). */
public final class ProcParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProcParseException(String message) {
        super(message);
    }
}
