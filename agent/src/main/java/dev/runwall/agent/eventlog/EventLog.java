package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.runwall.core.event.Event;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable event log: one JSON object per line, appended with one write(2) per event, so everything
 * already appended survives a crash of the agent (the kernel has it). It does not fsync: a power loss of
 * the runner may lose the tail, which does not matter for a CI job that dies with it.
 */
public final class EventLog implements AutoCloseable {
    private final ObjectWriter writer = JsonCodec.mapper().writerFor(Event.class);
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong appended = new AtomicLong();
    private final Path path;

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

    /** Appends one event as one line. Thread-safe; events from different threads never interleave. */
    public void append(Event event) {
        byte[] line;
        try {
            line = (writer.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable: " + event, e);
        }
        lock.lock();
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            appended.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the event log " + path, e);
        } finally {
            lock.unlock();
        }
    }

    public long appended() {
        return appended.get();
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            channel.close();
        } finally {
            lock.unlock();
        }
    }
}
