package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.runwall.core.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable event log: one JSON object per line, handed to the kernel as soon as the log's writer thread
 * gets to it, so a crash of the agent loses nothing already written. It does not fsync: a power loss of the
 * runner may lose the tail, which does not matter for a CI job that dies with it.
 *
 * <p>{@link #append} only queues the event (no serialisation, no system call on the caller's thread: the DNS
 * proxy appends from its receive thread). One writer thread takes everything queued, turns it into JSON
 * lines and hands them to the kernel with one write(2) per batch. An event appended while the writer is
 * idle wakes it and is written within microseconds; after each write the writer naps for
 * {@value #NAP_NANOS} ns without being woken, so under a flood of DNS queries the events of that moment
 * share one write and their appenders make no system call at all. What a SIGKILL can lose: the events
 * appended in the last half millisecond or so before it, that the writer had not yet written. The queue is bounded ({@value #MAX_QUEUED} events): an appender that finds it full waits for the
 * writer — nothing is dropped. {@link #flush} waits until everything appended so far is written.
 */
public final class EventLog implements AutoCloseable {
    /** Events an appender may queue before it waits for the writer (back-pressure, never loss). */
    static final int MAX_QUEUED = 65_536;
    private static final byte NEWLINE = '\n';
    /**
     * After each write the writer naps this long before it looks again, without asking to be woken: events
     * appended meanwhile share the next write(2), and their appenders make no system call to wake it.
     */
    static final long NAP_NANOS = 500_000;

    /** Touched by the writer thread only (serialisation happens there). */
    private final ProcessJsonCache processes = new ProcessJsonCache();
    private final ObjectWriter writer = processes.writerFor(Event.class);
    private final FileChannel channel;
    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final Thread writerThread;
    // guarded by lock
    private List<Event> pending = new ArrayList<>();
    private boolean writerWaiting;
    private boolean closing;
    private long appended;
    private long writtenCount;
    private IOException failure;

    private EventLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.writerThread = Thread.ofPlatform().daemon().name("event-log-writer").start(this::writeLoop);
    }

    /** Opens (creating or appending to) the log at {@code path}. */
    public static EventLog open(Path path) throws IOException {
        boolean cut = lastLineCut(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (cut) {
            try {
                ch.write(ByteBuffer.wrap(new byte[] {NEWLINE}));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        }
        return new EventLog(path, ch);
    }

    /**
     * Whether the log ends inside a line (a writer killed mid-line): that line is then ended before anything is
     * appended, so that it costs only itself and not also the first line written now.
     */
    private static boolean lastLineCut(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = read.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, size - 1);
            return last.get(0) != NEWLINE;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Queues one event to be written as one line. Thread-safe; lines never interleave and keep the order of
     * the appends. Returns at once, unless {@value #MAX_QUEUED} events are already waiting for the writer.
     *
     * @throws UncheckedIOException when the log can no longer be written (disk full, closed)
     */
    public void append(Event event) {
        lock.lock();
        try {
            while (failure == null && !closing && pending.size() >= MAX_QUEUED) {
                written.awaitUninterruptibly();
            }
            if (failure != null) {
                throw new UncheckedIOException("cannot append to the event log " + path, failure);
            }
            if (closing) {
                throw new UncheckedIOException("cannot append to the event log " + path,
                        new IOException("the event log is closed"));
            }
            pending.add(event);
            appended++;
            if (writerWaiting) {
                queued.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every event appended before this call is written to the file.
     *
     * @throws UncheckedIOException when the log could not be written
     */
    public void flush() {
        lock.lock();
        try {
            long target = appended;
            while (writtenCount < target && failure == null) {
                written.awaitUninterruptibly();
            }
            if (failure != null) {
                throw new UncheckedIOException("cannot append to the event log " + path, failure);
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        LineBuffer out = new LineBuffer();
        List<Event> spare = new ArrayList<>();
        boolean wrote = false;
        while (true) {
            if (wrote) {
                LockSupport.parkNanos(NAP_NANOS); // writerWaiting is false: appenders do not signal meanwhile
            }
            List<Event> batch;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    writerWaiting = true;
                    try {
                        queued.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        // only close() interrupts; it also sets closing
                    } finally {
                        writerWaiting = false;
                    }
                }
                if (pending.isEmpty()) {
                    return; // closing, and nothing left
                }
                batch = pending;
                pending = spare;
            } finally {
                lock.unlock();
            }
            IOException problem = writeBatch(batch, out);
            lock.lock();
            try {
                if (problem != null && failure == null) {
                    failure = problem;
                }
                writtenCount += batch.size();
                written.signalAll();
            } finally {
                lock.unlock();
            }
            batch.clear();
            spare = batch;
            if (out.size() > 4 * 1024 * 1024) {
                out = new LineBuffer(); // after a huge batch, do not keep its buffer
            }
            if (problem != null) {
                return;
            }
            wrote = true;
        }
    }

    /** Serialises the batch into {@code out} and writes it; the write's failure, or null. */
    private IOException writeBatch(List<Event> batch, LineBuffer out) {
        out.reset();
        for (Event e : batch) {
            int mark = out.size();
            try {
                writer.writeValue(out, e);
                out.write(NEWLINE);
                processes.commit();
            } catch (IOException bug) { // our own records always serialise; never let one cost the others
                out.truncate(mark);
                processes.rollback();
                System.err.println("runwall: event not serialisable, left out of " + path + ": " + bug.getMessage());
            }
        }
        ByteBuffer bytes = out.contents();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** A byte array stream that hands out its contents without a copy and can drop a partial line. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(64 * 1024);
        }

        void truncate(int size) {
            count = size;
        }

        ByteBuffer contents() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    /** Events appended so far. */
    public long appended() {
        lock.lock();
        try {
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued and closes the file; appends after this throw. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            queued.signal();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
        lock.lock();
        try {
            if (failure != null) {
                throw new IOException("the event log " + path + " could not be written", failure);
            }
        } finally {
            lock.unlock();
        }
    }
}
