package dev.runwall.dns.internal.cache;

/** Elapsed time for TTLs; injectable so tests can move time without sleeping. */
@FunctionalInterface
public interface MonotonicClock {
    long nanos();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}
