package dev.runwall.dns.internal.upstream;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Times out upstream exchanges that all have the same timeout, without a timer task per exchange: they
 * are queued in the order they were sent (so in deadline order), and one thread looks at the head every
 * {@value #TICK_NANOS} ns, failing what has expired and dropping what has completed. While exchanges keep
 * coming the thread only naps, and adding one never wakes it (a per-exchange timer would, for every query
 * at a moderate rate); after {@value #IDLE_TICKS} ticks with nothing queued it waits to be woken by the
 * next add. A timeout fires up to one tick late.
 */
final class TimeoutSweeper implements AutoCloseable {
    static final long TICK_NANOS = 2_000_000;
    static final int IDLE_TICKS = 500;

    private record Entry(long deadline, CompletableFuture<?> future) {}

    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean sleeping;
    private boolean closed;

    TimeoutSweeper(long timeoutNanos, String name) {
        this.timeoutNanos = timeoutNanos;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::sweep);
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** Fails {@code future} with a {@link TimeoutException} if it is not complete within the timeout. */
    void watch(CompletableFuture<?> future) {
        Entry e = new Entry(System.nanoTime() + timeoutNanos, future);
        lock.lock();
        try {
            queue.addLast(e);
            if (sleeping) {
                added.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        int idle = 0;
        while (true) {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (queue.isEmpty() && idle >= IDLE_TICKS) {
                    sleeping = true;
                    try {
                        added.awaitUninterruptibly();
                    } finally {
                        sleeping = false;
                    }
                    idle = 0;
                    continue;
                }
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(TICK_NANOS);
            idle = expire() ? 0 : idle + 1;
        }
    }

    /** Fails the expired, drops the completed from the head; whether anything is still watched. */
    private boolean expire() {
        long now = System.nanoTime();
        while (true) {
            Entry head;
            lock.lock();
            try {
                head = queue.peekFirst();
                if (head == null) {
                    return false;
                }
                if (!head.future.isDone() && head.deadline - now > 0) {
                    return true;
                }
                queue.pollFirst();
            } finally {
                lock.unlock();
            }
            if (!head.future.isDone()) {
                head.future.completeExceptionally(new TimeoutException());
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            added.signal();
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(thread);
    }
}
