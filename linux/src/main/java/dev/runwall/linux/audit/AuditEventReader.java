package dev.runwall.linux.audit;

import dev.runwall.linux.audit.internal.EventAssembler;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netlink.ReceiveResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads audit events from the kernel's read-only multicast group ({@code AUDIT_NLGRP_READLOG}), the
 * way {@code journald} does: side by side with auditd, never in its place. Every event of the host
 * arrives here (not only those of our rules); filter with {@link AuditEvent#key()}.
 *
 * <p>The kernel multicasts audit records only in the initial network namespace, so the socket is
 * always opened there, whatever namespace the calling thread is in. Needs CAP_AUDIT_READ.
 *
 * <pre>{@code
 * try (AuditEventReader reader = AuditEventReader.open(AuditReaderOptions.DEFAULTS)) {
 *     Thread.ofPlatform().start(() -> reader.run(event -> …));  // until close()
 * }
 * }</pre>
 */
public final class AuditEventReader implements AutoCloseable {
    private static final int AUDIT_NLGRP_READLOG = 1;
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * After taking what was queued, the reader naps this long before it asks again, so that records pile up
     * and are taken many at a time: without it, a busy host wakes the reader (and makes the kernel's audit
     * thread wake it) for almost every record. Skipped while the reader is behind (a full batch), and cut
     * short by {@link #hurry} for a caller that waits for the stream to catch up.
     */
    static final long NAP_NANOS = 4_000_000;

    private final NetlinkSocket socket;
    private final AuditClient client;
    private final AuditReaderOptions options;
    private final long kernelLostAtOpen;
    private final AtomicLong incomplete = new AtomicLong();
    private final AtomicLong malformedRecords = new AtomicLong();
    private final AtomicLong malformedDatagrams = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile Thread runner;

    private AuditEventReader(NetlinkSocket socket, AuditClient client, AuditReaderOptions options, long kernelLostAtOpen) {
        this.socket = socket;
        this.client = client;
        this.options = options;
        this.kernelLostAtOpen = kernelLostAtOpen;
    }

    public static AuditEventReader open(AuditReaderOptions options) throws ErrnoException, NetlinkParseException {
        AuditClient client = AuditClient.open();
        NetlinkSocket socket = null;
        try {
            long lost = client.status().lost();
            socket = AuditSockets.openInInitialNamespace();
            socket.setReceiveBufferSize(options.receiveBufferBytes());
            socket.joinGroup(AUDIT_NLGRP_READLOG);
            return new AuditEventReader(socket, client, options, lost);
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            client.close();
            if (socket != null) {
                socket.close();
            }
            throw e;
        }
    }

    /**
     * Delivers events to {@code sink} until {@link #close()}; open events are flushed (incomplete)
     * at the end. Must run on a platform thread.
     */
    public void run(Consumer<AuditEvent> sink) throws ErrnoException {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("AuditEventReader.run blocks in a native call: run it on a platform thread");
        }
        runner = Thread.currentThread();
        EventAssembler assembler = new EventAssembler(options.eventTimeout(), options.maxPendingEvents(), options.parsedTypes(), event -> {
            events.incrementAndGet();
            sink.accept(event);
        });
        try {
            boolean open = true;
            while (open) {
                // one datagram per record: take every one already queued with one system call
                List<ReceiveResult> batch = socket.receiveBatch(POLL);
                for (ReceiveResult result : batch) {
                    if (result instanceof ReceiveResult.Closed) {
                        open = false;
                    } else if (result instanceof ReceiveResult.Datagram datagram && datagram.fromKernel()) {
                        accept(datagram, assembler);
                    }
                }
                assembler.flushExpired(System.nanoTime());
                publish(assembler);
                if (open && !batch.isEmpty() && batch.size() < NetlinkSocket.BATCH) {
                    LockSupport.parkNanos(NAP_NANOS); // caught up: let the next records gather
                }
            }
        } finally {
            assembler.flushAll();
            publish(assembler);
        }
    }

    private void accept(ReceiveResult.Datagram datagram, EventAssembler assembler) {
        try {
            for (NetlinkMessage message : datagram.messages()) {
                assembler.accept(message.type(), text(message.payload()), System.nanoTime());
            }
        } catch (NetlinkParseException e) {
            malformedDatagrams.incrementAndGet();
        }
    }

    private void publish(EventAssembler assembler) {
        incomplete.set(assembler.incompleteEvents());
        malformedRecords.set(assembler.malformedRecords());
    }

    /**
     * Ends the reader's nap now (or its next one, if it is not napping): for a caller about to wait until
     * the stream has reached a moment. Cheap; any thread.
     */
    public void hurry() {
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Events delivered so far. */
    public long deliveredEvents() {
        return events.get();
    }

    /** The loss counters; asks the kernel for its {@code lost} counter. */
    public AuditLoss loss() throws ErrnoException, NetlinkParseException {
        long kernelLost = client.status().lost() - kernelLostAtOpen;
        return new AuditLoss(socket.overruns(), Math.max(0, kernelLost), incomplete.get(),
                malformedRecords.get() + malformedDatagrams.get());
    }

    /** Stops {@link #run} (within one poll interval at most, usually at once). */
    @Override
    public void close() {
        socket.close();
        client.close();
    }

    private static String text(byte[] payload) {
        int end = payload.length;
        while (end > 0 && (payload[end - 1] == 0 || payload[end - 1] == '\n')) {
            end--;
        }
        return new String(payload, 0, end, StandardCharsets.UTF_8);
    }
}
