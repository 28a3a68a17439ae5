package dev.runwall.dns.internal.upstream;

import dev.runwall.dns.internal.ProxyCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sends queries to upstream resolvers over a few shared UDP sockets and matches the answers back by socket,
 * message id and sender, so thousands of queries can be in flight without a socket each. Each socket has a
 * random source port and every query a random id from a strong generator, which is what an off-path
 * attacker would have to guess to slip in a forged answer.
 */
public final class UdpUpstreamClient implements AutoCloseable {
    private static final int MAX_MESSAGE = 65_535;
    private static final int ID_TRIES = 64;

    private record Pending(SocketAddress upstream, CompletableFuture<byte[]> answer) {}

    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final List<Thread> receivers = new ArrayList<>();
    /** One slot per socket and id: a lock-free table, no boxing, no hashing. */
    private final AtomicReferenceArray<Pending> pending;
    private final QueryIds ids = new QueryIds();
    private final ProxyCounters counters;
    private volatile TimeoutSweeper sweeper;
    private boolean closed; // guarded by this

    public UdpUpstreamClient(int socketCount, ProxyCounters counters) throws IOException {
        this.counters = counters;
        this.pending = new AtomicReferenceArray<>(socketCount << 16);
        try {
            for (int i = 0; i < socketCount; i++) {
                DatagramChannel ch = DatagramChannel.open();
                sockets.add(ch);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                ch.bind(null);
                int index = i;
                // Blocking receive: a platform thread per socket (see docs/dns.md, threads).
                receivers.add(Thread.ofPlatform().daemon().name("dns-upstream-udp-" + i).start(() -> receive(index)));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends {@code query} (its id is replaced) to {@code upstream} and waits for the matching answer.
     *
     * @throws SocketTimeoutException when no answer arrived within {@code timeout}
     */
    public byte[] exchange(InetSocketAddress upstream, byte[] query, Duration timeout) throws IOException {
        CompletableFuture<byte[]> answer = send(upstream, query, timeout, null);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + format(upstream), e);
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    /**
     * Sends {@code query} (its id is replaced) to {@code upstream} now, on this thread, without waiting for
     * the answer. The future completes on the socket's receive thread with the matching answer, or
     * exceptionally with a {@link SocketTimeoutException} (on the JDK's delay thread) when none arrived
     * within {@code timeout}, or another {@link IOException}. Dependent stages added without an executor run
     * on the completing thread: keep them short.
     */
    public CompletableFuture<byte[]> exchangeAsync(InetSocketAddress upstream, byte[] query, Duration timeout) {
        try {
            return send(upstream, query, timeout, sweeperFor(timeout));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The sweeper that times out asynchronous exchanges (created for the timeout of the first one: the
     * forwarder's first attempts all use the same); null for another timeout, which gets a timer of its own.
     */
    private TimeoutSweeper sweeperFor(Duration timeout) {
        TimeoutSweeper s = sweeper;
        if (s == null) {
            synchronized (this) {
                if (sweeper == null && !closed) {
                    sweeper = new TimeoutSweeper(timeout.toNanos(), "dns-upstream-timeouts");
                }
                s = sweeper;
            }
        }
        return s != null && s.timeoutNanos() == timeout.toNanos() ? s : null;
    }

    private CompletableFuture<byte[]> send(InetSocketAddress upstream, byte[] query, Duration timeout,
            TimeoutSweeper sweeper) throws IOException {
        int socket = ThreadLocalRandom.current().nextInt(sockets.size()); // the ids carry the secret, not this
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        Pending p = new Pending(upstream, answer);
        int key = reserve(socket, p);
        try {
            byte[] wire = query.clone();
            wire[0] = (byte) (key >>> 8);
            wire[1] = (byte) key;
            sockets.get(socket).send(ByteBuffer.wrap(wire), upstream);
        } catch (IOException | RuntimeException e) {
            pending.compareAndSet(key, p, null);
            throw e;
        }
        // the slot is freed however the exchange ends; a late answer then finds no one waiting
        if (sweeper != null) {
            sweeper.watch(answer);
        } else {
            answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return answer.exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? new SocketTimeoutException("no answer from " + format(upstream) + " within "
                                + timeout.toMillis() + " ms")
                        : e))
                .whenComplete((r, e) -> pending.compareAndSet(key, p, null));
    }

    /** The cause of a failed exchange as the IOException a caller of {@link #exchange} expects. */
    static IOException asIoException(Throwable cause) {
        Throwable c = Futures.cause(cause);
        return c instanceof IOException io ? io : new IOException("socket failed: " + c, c);
    }

    private int reserve(int socket, Pending p) throws IOException {
        for (int i = 0; i < ID_TRIES; i++) {
            int key = (socket << 16) | ids.next();
            if (pending.compareAndSet(key, null, p)) {
                return key;
            }
        }
        throw new IOException("no free query id on upstream socket " + socket + " (too many queries in flight)");
    }

    private void receive(int socket) {
        DatagramChannel ch = sockets.get(socket);
        ByteBuffer buffer = ByteBuffer.allocate(MAX_MESSAGE);
        while (ch.isOpen()) {
            SocketAddress from;
            try {
                buffer.clear();
                from = ch.receive(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                counters.upstreamIgnored.increment();
                continue;
            }
            buffer.flip();
            if (buffer.remaining() < 2) {
                counters.upstreamIgnored.increment();
                continue;
            }
            int key = (socket << 16) | (buffer.getShort(0) & 0xFFFF);
            Pending p = pending.get(key);
            if (p == null || !p.upstream.equals(from)) {
                counters.upstreamIgnored.increment();
                continue;
            }
            byte[] answer = new byte[buffer.remaining()];
            buffer.get(answer);
            p.answer.complete(answer);
        }
        failAll(socket);
    }

    private void failAll(int socket) {
        for (int key = socket << 16; key < (socket + 1) << 16; key++) {
            Pending p = pending.get(key);
            if (p != null) {
                p.answer.completeExceptionally(new ClosedChannelException());
            }
        }
    }

    static String format(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + "#" + a.getPort();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (sweeper != null) {
                sweeper.close();
            }
        }
        for (DatagramChannel ch : sockets) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway; nothing left to release
            }
        }
        for (Thread t : receivers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
