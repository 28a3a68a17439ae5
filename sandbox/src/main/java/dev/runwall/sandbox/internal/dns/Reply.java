package dev.runwall.sandbox.internal.dns;

import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.Record;

/**
 * What to do with a query: the bytes to send back (after {@code delay}), or nothing when {@code dropped};
 * with the question and response code for the query log.
 */
public record Reply(byte[] wire, Optional<Record> question, int rcode, boolean truncated, Duration delay,
        boolean dropped) {

    static Reply send(byte[] wire, Optional<Record> question, int rcode, boolean truncated, Duration delay) {
        return new Reply(wire, question, rcode, truncated, delay, false);
    }

    static Reply drop(Record question) {
        return new Reply(new byte[0], Optional.of(question), -1, false, Duration.ZERO, true);
    }
}
