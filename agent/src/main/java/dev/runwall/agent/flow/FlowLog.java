package dev.runwall.agent.flow;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.nflog.NflogOptions;
import dev.runwall.linux.nflog.NflogPacket;
import dev.runwall.linux.nflog.NflogReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The NFLOG reader of our group on its own platform thread ({@code runwall-nflog}), which blocks in the
 * socket's receive and hands every packet to the sink. Bound before the rules are installed, so the first
 * logged flow already has a reader.
 */
public final class FlowLog implements AutoCloseable {
    private static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(1);

    private final NflogReader reader;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private FlowLog(NflogReader reader, Consumer<NflogPacket> sink) {
        this.reader = reader;
        this.thread = Thread.ofPlatform().name("runwall-nflog").daemon().unstarted(() -> {
            try {
                reader.run(sink);
            } catch (ErrnoException | RuntimeException e) {
                failure.set(e);
            }
        });
    }

    /**
     * Binds {@code group} in the calling thread's network namespace and starts reading.
     *
     * @throws ErrnoException when the group cannot be bound (another reader holds it, or no CAP_NET_ADMIN)
     */
    public static FlowLog start(int group, Consumer<NflogPacket> sink) throws ErrnoException {
        FlowLog log = new FlowLog(NflogReader.open(group, NflogOptions.DEFAULTS), sink);
        log.thread.start();
        return log;
    }

    /** Packets read so far. */
    public long packets() {
        return reader.receivedPackets();
    }

    /** Messages the kernel logged but could not deliver (ENOBUFS, sequence gaps). */
    public long lost() {
        return reader.lostMessages();
    }

    public long malformed() {
        return reader.malformedMessages();
    }

    /** Why the reader stopped early, if it did (the socket failed). */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Waits until no packet arrived for a moment (at most a second), so packets logged just before the
     * rules were removed are still read, then stops the reader.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + DRAIN_AT_MOST.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline && thread.isAlive() && reader.receivedPackets() != seen) {
            seen = reader.receivedPackets();
            try {
                Thread.sleep(QUIET);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        reader.close();
        try {
            thread.join(DRAIN_AT_MOST.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
