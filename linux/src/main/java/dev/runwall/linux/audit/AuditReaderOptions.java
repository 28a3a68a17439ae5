package dev.runwall.linux.audit;

import java.time.Duration;

/**
 * Tuning of an {@link AuditEventReader}.
 *
 * @param receiveBufferBytes the multicast socket's buffer; audit is system-wide, so bursts from
 *                           every process on the host land here
 * @param eventTimeout       how long an event may wait for its end record before it is delivered
 *                           incomplete
 * @param maxPendingEvents   open events kept at most (the oldest is delivered early beyond that)
 */
public record AuditReaderOptions(int receiveBufferBytes, Duration eventTimeout, int maxPendingEvents) {
    /** 32 MiB buffer, 500 ms event timeout, 10,000 open events. */
    public static final AuditReaderOptions DEFAULTS = new AuditReaderOptions(32 << 20, Duration.ofMillis(500), 10_000);

    public AuditReaderOptions {
        if (receiveBufferBytes < 65536 || eventTimeout.isNegative() || eventTimeout.isZero() || maxPendingEvents < 1) {
            throw new IllegalArgumentException("invalid audit reader options");
        }
    }
}
