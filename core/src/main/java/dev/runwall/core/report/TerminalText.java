package dev.runwall.core.report;

import java.util.regex.Pattern;

/**
 * Text from a report for a terminal. Names, paths and even a report's field names can be chosen by a job that
 * wrote the report: every control character (C0 and C1, so no escape sequence) and line separator becomes
 * {@code ?}.
 */
public final class TerminalText {
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

    private TerminalText() {}

    public static String printable(String text) {
        return UNPRINTABLE.matcher(text).replaceAll("?");
    }
}
