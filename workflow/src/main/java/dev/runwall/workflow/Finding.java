package dev.runwall.workflow;

/**
 * One thing {@code runwall secure} found in a file. {@code line}/{@code column} are 1-based (0 when
 * the finding is about the whole file); {@code fixed} says whether the proposed change addresses it.
 */
public record Finding(Rule rule, Severity severity, String message, String file, int line, int column, boolean fixed) {

    public Finding withFixed(boolean value) {
        return new Finding(rule, severity, message, file, line, column, value);
    }
}
