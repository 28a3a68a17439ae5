package dev.runwall.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour of the sandbox's DNS servers for one name (exactly that name, every type, UDP and TCP):
 * how a test makes the upstream of a DNS proxy drop, stall, fail or truncate.
 */
public record DnsFault(String name, Kind kind, Duration delay) {

    /** What happens to a query for the name. */
    public enum Kind {
        /** No answer at all (over TCP the connection is closed): the client times out. */
        DROP,
        /** The normal answer, after {@link DnsFault#delay()}. */
        DELAY,
        /** SERVFAIL, no records. */
        SERVFAIL,
        /** REFUSED, no records. */
        REFUSED,
        /** Over UDP always an empty answer with TC set, however small: the client must retry over TCP. */
        TRUNCATE
    }

    public DnsFault {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
    }

    public static DnsFault of(String name, Kind kind) {
        return new DnsFault(name, kind, Duration.ZERO);
    }

    public static DnsFault delayed(String name, Duration delay) {
        return new DnsFault(name, Kind.DELAY, delay);
    }
}
