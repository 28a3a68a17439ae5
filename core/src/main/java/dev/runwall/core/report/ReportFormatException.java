package dev.runwall.core.report;

/** A file given as a report is not one this version understands. */
public final class ReportFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }
}
