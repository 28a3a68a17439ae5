package dev.runwall.dns.internal.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded least-recently-used cache of answers with a lifetime. One lock: a lookup is a hash probe and
 * a few field reads, far cheaper than the system calls around it, so striping would not pay.
 *
 * @param <V> the cached answer
 */
public final class ResponseCache<V> {
    /** A cached answer and how many whole seconds it has spent in the cache. */
    public record Hit<V>(V value, long ageSeconds) {}

    private record Stored<V>(V value, long storedNanos, long expiresNanos) {}

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int capacity;
    private final MonotonicClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<CacheKey, Stored<V>> entries;

    public ResponseCache(int capacity, MonotonicClock clock) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Stored<V>> eldest) {
                return size() > ResponseCache.this.capacity;
            }
        };
    }

    /** The live answer for {@code key}, or null; an expired one is removed. */
    public Hit<V> get(CacheKey key) {
        if (capacity == 0) {
            return null;
        }
        long now = clock.nanos();
        lock.lock();
        try {
            Stored<V> e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (now - e.expiresNanos >= 0) {
                entries.remove(key);
                return null;
            }
            return new Hit<>(e.value, (now - e.storedNanos) / NANOS_PER_SECOND);
        } finally {
            lock.unlock();
        }
    }

    /** Stores {@code value} for {@code ttlSeconds}; a lifetime of 0 or less stores nothing. */
    public void put(CacheKey key, V value, long ttlSeconds) {
        if (capacity == 0 || ttlSeconds <= 0) {
            return;
        }
        long now = clock.nanos();
        Stored<V> e = new Stored<>(value, now, now + ttlSeconds * NANOS_PER_SECOND);
        lock.lock();
        try {
            entries.put(key, e);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
