package dev.runwall.cli;

/**
 * The exit codes of every runwall command. Documented in {@code --help} and the README; keep the
 * three in step.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A generic failure, for example a check that found something to change. */
    public static final int FAILURE = 1;
    /** Invalid input: bad option, bad policy string, unreadable or malformed file. */
    public static final int INVALID_INPUT = 2;
    /** Unexpected state: not root, a kernel feature or tool missing, a port already in use. */
    public static final int STATE = 3;
    /** Internal error: a bug in runwall. */
    public static final int INTERNAL = 4;
    /** {@code runwall run --fail-on-block}: something was blocked (a failing step's own code wins). */
    public static final int BLOCKED = 5;

    /** The exit code list as picocli shows it under "Exit codes:". */
    static java.util.Map<String, String> helpList() {
        var list = new java.util.LinkedHashMap<String, String>();
        list.put(" 0", "Success.");
        list.put(" 1", "Failure (e.g. a check found something to change).");
        list.put(" 2", "Invalid input (bad option, policy string or file).");
        list.put(" 3", "Unexpected state (not root, missing kernel feature or tool, port in use).");
        list.put(" 4", "Internal error (a bug in runwall).");
        list.put(" 5", "Something was blocked and --fail-on-block was given.");
        list.put("  ", "runwall run: a failing step's own exit code is passed through.");
        return list;
    }

    private ExitCodes() {}
}
