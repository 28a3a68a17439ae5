package dev.runwall.linux.audit;

import java.time.Duration;
import java.util.Set;

/**
 * Tuning of an {@link AuditEventReader}.
 *
 * @param receiveBufferBytes the multicast socket's buffer; audit is system-wide, so bursts from
 *                           every process on the host land here
 * @param eventTimeout       how long an event may wait for its end record before it is delivered
 *                           incomplete
 * @param maxPendingEvents   open events kept at most (the oldest is delivered early beyond that)
 * @param parsedTypes        the record types decoded into their typed {@link AuditRecord}; the others
 *                           are kept as {@link AuditRecord.Other} text, unparsed (a reader that never
 *                           looks at PROCTITLE, PATH or CWD records need not pay for decoding them);
 *                           empty means every type
 */
public record AuditReaderOptions(int receiveBufferBytes, Duration eventTimeout, int maxPendingEvents,
        Set<Integer> parsedTypes) {
    /** 32 MiB buffer, 500 ms event timeout, 10,000 open events, every record type parsed. */
    public static final AuditReaderOptions DEFAULTS = new AuditReaderOptions(32 << 20, Duration.ofMillis(500), 10_000);

    public AuditReaderOptions {
        if (receiveBufferBytes < 65536 || eventTimeout.isNegative() || eventTimeout.isZero() || maxPendingEvents < 1) {
            throw new IllegalArgumentException("invalid audit reader options");
        }
        parsedTypes = Set.copyOf(parsedTypes);
    }

    /** Options that parse every record type. */
    public AuditReaderOptions(int receiveBufferBytes, Duration eventTimeout, int maxPendingEvents) {
        this(receiveBufferBytes, eventTimeout, maxPendingEvents, Set.of());
    }

    /** These options, parsing only records of {@code types} (the end-of-event record is never kept). */
    public AuditReaderOptions parsing(Integer... types) {
        return new AuditReaderOptions(receiveBufferBytes, eventTimeout, maxPendingEvents, Set.of(types));
    }
}
