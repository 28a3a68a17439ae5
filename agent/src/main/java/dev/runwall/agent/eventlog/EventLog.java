package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.runwall.core.event.Event;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable event log: one JSON object per line, handed to the kernel as soon as it is complete, so a
 * crash of the agent loses nothing already appended and written. It does not fsync: a power loss of the
 * runner may lose the tail, which does not matter for a CI job that dies with it.
 *
 * <p>Writes are group-committed without any timer: the thread that finds no write in progress becomes
 * the writer and writes everything pending (its own line and whatever other threads appended meanwhile)
 * with one write(2) per batch, looping until nothing is pending; the other threads only copy their line
 * into the pending buffer and return. Under light load every event is one write(2) at once; under a flood
 * of DNS queries many events share one. What a SIGKILL can lose: lines appended in the microseconds
 * before it that the writer had not yet written.
 */
public final class EventLog implements AutoCloseable {
    private static final byte NEWLINE = '\n';
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final ObjectWriter writer = JsonCodec.mapper().writerFor(Event.class);
    private final FileChannel channel;
    private final Path path;
    private final ReentrantLock pendingLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong appended = new AtomicLong();
    private ByteBuffer pending = ByteBuffer.allocate(INITIAL_BUFFER);
    private ByteBuffer spare = ByteBuffer.allocate(INITIAL_BUFFER);
    private IOException failure;

    private EventLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating or appending to) the log at {@code path}. */
    public static EventLog open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new EventLog(path, ch);
    }

    public Path path() {
        return path;
    }

    /**
     * Appends one event as one line. Thread-safe; lines never interleave. Returns once the line is
     * written, or once another thread that is writing has taken it over.
     *
     * @throws UncheckedIOException when the log cannot be written (disk full, closed)
     */
    public void append(Event event) {
        byte[] json;
        try {
            json = writer.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable: " + event, e);
        }
        pendingLock.lock();
        try {
            if (failure != null) {
                throw new UncheckedIOException("cannot append to the event log " + path, failure);
            }
            ensureRoom(json.length + 1);
            pending.put(json).put(NEWLINE);
        } finally {
            pendingLock.unlock();
        }
        appended.incrementAndGet();
        // Whoever gets the write lock writes everything pending; if another thread holds it, that thread
        // will see our line before it gives the lock up (it loops until the buffer is empty).
        if (writeLock.tryLock()) {
            try {
                drain();
            } finally {
                writeLock.unlock();
            }
            drainIfLeftBehind();
        }
    }

    /** A line appended just after the writer's last check but before it unlocked would wait for the next event. */
    private void drainIfLeftBehind() {
        while (hasPending() && writeLock.tryLock()) {
            try {
                drain();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private boolean hasPending() {
        pendingLock.lock();
        try {
            return pending.position() > 0;
        } finally {
            pendingLock.unlock();
        }
    }

    private void drain() {
        while (true) {
            ByteBuffer batch;
            pendingLock.lock();
            try {
                if (pending.position() == 0) {
                    return;
                }
                batch = pending;
                pending = spare;
                spare = null;
            } finally {
                pendingLock.unlock();
            }
            batch.flip();
            try {
                while (batch.hasRemaining()) {
                    channel.write(batch);
                }
            } catch (IOException e) {
                pendingLock.lock();
                try {
                    failure = e;
                } finally {
                    pendingLock.unlock();
                }
                throw new UncheckedIOException("cannot append to the event log " + path, e);
            } finally {
                batch.clear();
                pendingLock.lock();
                try {
                    spare = batch;
                } finally {
                    pendingLock.unlock();
                }
            }
        }
    }

    private void ensureRoom(int bytes) {
        if (pending.remaining() >= bytes) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes));
        pending.flip();
        bigger.put(pending);
        pending = bigger;
    }

    /** Events appended so far. */
    public long appended() {
        return appended.get();
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            drain();
            channel.close();
        } finally {
            writeLock.unlock();
        }
    }
}
