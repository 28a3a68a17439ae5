package dev.runwall.sandbox;

import java.util.Optional;

/**
 * A zone file that cannot be used. The message names the place ({@code zone.yml:7}), what is wrong and
 * what to do.
 */
public final class ZoneException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;

    /** @param line 1-based, or 0 when the problem has no line (an unreadable file) */
    public ZoneException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    public ZoneException(String source, int line, String problem, Throwable cause) {
        super((line > 0 ? source + ":" + line : source) + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    /** The file (or label) the zone came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, if it has one. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
