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
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One UDP listen socket: a platform thread receives (a blocking system call) and answers at once what
 * needs no upstream (cache hits, policy blocks, malformed messages): no thread hand-off on the hot path.
 * A query that must go upstream is sent from here and answered by the thread that receives its answer
 * ({@link QueryPipeline#handleAsync}); only what may wait (retries, TCP, a listener not ready) goes to a
 * worker (virtual) thread, so a slow upstream never holds up the next query.
 */
public final class UdpServer implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final QueryPipeline pipeline;
    private final Executor workers;
    private final Semaphore inFlight;
    private final ProxyCounters counters;
    private final Thread receiver;

    public UdpServer(DatagramChannel channel, QueryPipeline pipeline, Executor workers, Semaphore inFlight,
            ProxyCounters counters) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.pipeline = pipeline;
        this.workers = workers;
        this.inFlight = inFlight;
        this.counters = counters;
        this.receiver = Thread.ofPlatform().daemon().name("dns-udp-" + Listeners.format(local)).start(this::receive);
    }

    public InetSocketAddress local() {
        return local;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM); // direct: the kernel writes into it without a copy
        while (channel.isOpen()) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue; // e.g. an ICMP error queued on the socket; the next datagram is unaffected
            }
            buffer.flip();
            byte[] wire = new byte[buffer.remaining()];
            buffer.get(wire);
            if (!inFlight.tryAcquire()) {
                counters.queries.increment();
                counters.overloaded.increment();
                continue;
            }
            InetSocketAddress client = (InetSocketAddress) from;
            ResponseSink sink = response -> channel.send(ByteBuffer.wrap(response), client);
            try {
                pipeline.handleAsync(wire, Transport.UDP, client, local, sink, workers, inFlight::release);
            } catch (RuntimeException e) { // handleAsync answers its own failures; this is a bug in it
                counters.internalErrors.increment();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        receiver.join(1000);
    }
}
