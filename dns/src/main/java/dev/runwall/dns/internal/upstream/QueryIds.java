package dev.runwall.dns.internal.upstream;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Unpredictable 16-bit query ids. An off-path attacker who guesses the id (and the socket) of a query in
 * flight could slip in a forged answer, so ids come from a strong generator; it is asked for many ids at a
 * time because each call costs a hash computation, which showed up as a large part of forwarding a query.
 */
final class QueryIds {
    private static final int BATCH = 1024;

    private final SecureRandom random = strongGenerator();
    private final byte[] buffer = new byte[BATCH * 2];
    private final ReentrantLock lock = new ReentrantLock();
    private int next = buffer.length;

    int next() {
        lock.lock();
        try {
            if (next == buffer.length) {
                random.nextBytes(buffer);
                next = 0;
            }
            int id = ((buffer[next] & 0xFF) << 8) | (buffer[next + 1] & 0xFF);
            next += 2;
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** DRBG works in memory; the platform default (NativePRNG) reads /dev/urandom under a global lock. */
    private static SecureRandom strongGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
