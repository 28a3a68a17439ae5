package dev.runwall.dns.internal.listen;

import dev.runwall.dns.Transport;
import dev.runwall.dns.internal.ProxyCounters;
import dev.runwall.dns.internal.QueryPipeline;
import dev.runwall.dns.internal.ResponseSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * One UDP listen socket: a platform thread receives and answers at once what needs no upstream (cache hits,
 * policy blocks, malformed messages): no thread hand-off on the hot path. A query that must go upstream is
 * sent from here and answered by the thread that receives its answer ({@link QueryPipeline#handleAsync});
 * only what may wait (retries, TCP) goes to a worker (virtual) thread, so a slow upstream never holds up the
 * next query.
 *
 * <p>The socket is non-blocking: the thread handles every datagram waiting (at most {@link #BURST} in a row),
 * then tells the listener it is about to wait ({@link QueryPipeline#beforeWaiting}; the agent looks up the
 * askers of the whole burst at once there and releases their answers) and waits in a selector. A response
 * that finds the socket's send buffer full is retried for a while, as a blocking send would wait.
 */
public final class UdpServer implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;
    /** Datagrams handled in a row before the listener's {@code beforeWaiting}: bounds how long a burst's answers wait. */
    static final int BURST = 64;
    /** How often, and how long apart, a send that found the send buffer full is tried again (about 100 ms). */
    private static final int SEND_TRIES = 1000;
    private static final long SEND_PAUSE_NANOS = 100_000;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final QueryPipeline pipeline;
    private final Executor workers;
    private final Semaphore inFlight;
    private final ProxyCounters counters;
    private final Selector selector;
    private final Thread receiver;

    public UdpServer(DatagramChannel channel, QueryPipeline pipeline, Executor workers, Semaphore inFlight,
            ProxyCounters counters) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.pipeline = pipeline;
        this.workers = workers;
        this.inFlight = inFlight;
        this.counters = counters;
        this.selector = Selector.open();
        try {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.receiver = Thread.ofPlatform().daemon().name("dns-udp-" + Listeners.format(local)).start(this::receive);
    }

    public InetSocketAddress local() {
        return local;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM); // direct: the kernel writes into it without a copy
        try {
            while (channel.isOpen()) {
                int handled = drain(buffer);
                pipeline.beforeWaiting();
                if (handled < BURST) {
                    selector.select();
                    selector.selectedKeys().clear();
                }
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // closed: done
        } catch (IOException e) {
            counters.internalErrors.increment(); // the selector failed: nothing more can be received
        } finally {
            try {
                selector.close(); // deregisters the channel, whose socket is then closed
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Handles the datagrams waiting on the socket, at most {@link #BURST}; returns how many it took. */
    private int drain(ByteBuffer buffer) throws ClosedChannelException {
        for (int n = 0; n < BURST; n++) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                continue; // e.g. an ICMP error queued on the socket; the next datagram is unaffected
            }
            if (from == null) {
                return n;
            }
            buffer.flip();
            handle(buffer, (InetSocketAddress) from);
        }
        return BURST;
    }

    private void handle(ByteBuffer buffer, InetSocketAddress client) {
        byte[] wire = new byte[buffer.remaining()];
        buffer.get(wire);
        if (!inFlight.tryAcquire()) {
            counters.queries.increment();
            counters.overloaded.increment();
            return;
        }
        ResponseSink sink = response -> send(response, client);
        try {
            pipeline.handleAsync(wire, Transport.UDP, client, local, sink, workers, inFlight::release);
        } catch (RuntimeException e) { // handleAsync answers its own failures; this is a bug in it
            counters.internalErrors.increment();
        }
    }

    /** Sends from any thread; when the send buffer is full, tries again for about 100 ms, then gives up. */
    private void send(byte[] response, InetSocketAddress client) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(response);
        for (int tries = 1; channel.send(data, client) == 0; tries++) {
            if (tries == SEND_TRIES) {
                throw new IOException("the socket's send buffer stayed full");
            }
            LockSupport.parkNanos(SEND_PAUSE_NANOS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        selector.wakeup();
        receiver.join(1000);
    }
}
