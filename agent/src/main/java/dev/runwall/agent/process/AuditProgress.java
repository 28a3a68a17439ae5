package dev.runwall.agent.process;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** How far the audit stream has been read: lets a lookup wait until the table reflects a given moment. */
final class AuditProgress {
    /** No audit event for this long means the reader has nothing pending. */
    private static final Duration QUIET = Duration.ofMillis(30);
    private volatile Instant observedUntil = Instant.EPOCH;
    private volatile long lastObservedNanos = System.nanoTime();
    private volatile Runnable hurry = () -> {};

    /** What makes the audit reader take what is queued at once (it naps between batches). */
    void hurryWith(Runnable hurry) {
        this.hurry = hurry;
    }

    void observed(Instant eventTime) {
        if (eventTime.isAfter(observedUntil)) {
            observedUntil = eventTime;
        }
        lastObservedNanos = System.nanoTime();
    }

    boolean await(Instant moment, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        Instant enough = moment.minusMillis(2); // audit stamps have millisecond precision
        if (observedUntil.isBefore(enough)) {
            hurry.run();
        }
        while (observedUntil.isBefore(enough) && System.nanoTime() - lastObservedNanos < QUIET.toNanos()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            // the hurried reader usually gets there within a fraction of a millisecond: look again soon
            LockSupport.parkNanos(200_000);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
