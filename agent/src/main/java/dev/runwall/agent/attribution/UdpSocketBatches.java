package dev.runwall.agent.attribution;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.sockdiag.SocketDiagnostics;
import dev.runwall.linux.sockdiag.SocketInfo;
import dev.runwall.linux.sockdiag.SocketProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Finds the sockets of UDP DNS clients on a thread of its own, in batches: every request that arrived while
 * the previous batch was being answered is answered together. A small batch gets one exact kernel lookup per
 * request; a batch of {@link #DUMP_FROM} or more gets one dump of the UDP sockets, which costs a few exact
 * lookups whatever the batch size — so the busier the proxy, the less each query costs.
 *
 * <p>Correct as well as cheap: a batch is taken from the queue before its lookup starts, so every query in it
 * was received before the kernel was asked, and its client's socket still existed then (the client waits for
 * its answer). A port that another process reuses later cannot be mistaken for it.
 *
 * <p>Futures complete on this class's thread, so what depends on them (the proxy's release of the answer)
 * runs there too: the caller keeps slow work off it.
 */
final class UdpSocketBatches implements AutoCloseable {
    /** From this many requests on, one dump (two for IPv4 clients on dual-stack sockets) beats exact lookups. */
    static final int DUMP_FROM = 4;

    private record Request(InetSocketAddress client, CompletableFuture<Optional<SocketInfo>> result) {}

    private final SocketDiagnostics diag;
    private final Set<InetSocketAddress> servers;
    private final Function<InetSocketAddress, Optional<SocketInfo>> exact;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final LongAdder requests = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder dumps = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean closed;

    /**
     * @param diag for dumps
     * @param servers the proxy's listen addresses
     * @param exact one exact lookup, for small batches and when a dump fails
     */
    UdpSocketBatches(SocketDiagnostics diag, List<InetSocketAddress> servers,
            Function<InetSocketAddress, Optional<SocketInfo>> exact) {
        this.diag = diag;
        this.servers = Set.copyOf(servers);
        this.exact = exact;
        this.thread = Thread.ofPlatform().daemon().name("dns-client-sockets").start(this::run);
    }

    /** The socket {@code client} sends from; empty when it is gone (or the kernel could not be asked). */
    CompletableFuture<Optional<SocketInfo>> find(InetSocketAddress client) {
        CompletableFuture<Optional<SocketInfo>> result = new CompletableFuture<>();
        if (closed || !thread.isAlive()) { // closed, or killed by an Error: never hold an answer for ever
            result.complete(Optional.empty());
            return result;
        }
        requests.increment();
        queue.add(new Request(client, result));
        LockSupport.unpark(thread);
        return result;
    }

    /** Batches answered so far, and how many of them by a dump. */
    long batches() {
        return batches.sum();
    }

    long dumps() {
        return dumps.sum();
    }

    /** Lookups asked for, batches and dumps so far (for the benchmark and the agent's counters). */
    java.util.Map<String, Long> counters() {
        return java.util.Map.of("dnsClientLookups", requests.sum(), "dnsClientBatches", batches.sum(),
                "dnsClientDumps", dumps.sum(), "dnsClientBatchFailures", failures.sum());
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!closed) {
            Request r;
            while ((r = queue.poll()) != null) {
                batch.add(r);
            }
            if (batch.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            try {
                answer(batch);
            } catch (RuntimeException bug) {
                failures.increment(); // the thread goes on: every later query's answer depends on it
            } finally {
                for (Request left : batch) { // a bug must not leave a query waiting for ever
                    left.result().complete(Optional.empty());
                }
                batch.clear();
            }
        }
        for (Request left; (left = queue.poll()) != null; ) {
            left.result().complete(Optional.empty());
        }
    }

    private void answer(List<Request> batch) {
        List<InetSocketAddress> clients = new ArrayList<>(batch.size());
        for (Request r : batch) {
            clients.add(r.client());
        }
        List<Optional<SocketInfo>> found = lookUp(clients);
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), found.get(i));
        }
    }

    /**
     * One batch, on the calling thread: the socket of each client, in order — by exact lookups when there are
     * fewer than {@link #DUMP_FROM}, else from one dump per address family needed.
     */
    List<Optional<SocketInfo>> lookUp(List<InetSocketAddress> clients) {
        batches.increment();
        List<Optional<SocketInfo>> found = new ArrayList<>(clients.size());
        if (clients.size() < DUMP_FROM) {
            for (InetSocketAddress client : clients) {
                found.add(exactly(client));
            }
            return found;
        }
        dumps.increment();
        DnsClientSockets inet = null;
        DnsClientSockets inet6 = null;
        for (InetSocketAddress client : clients) {
            try {
                Optional<SocketInfo> socket = Optional.empty();
                if (client.getAddress() instanceof Inet4Address) {
                    inet = inet != null ? inet : dump(StandardProtocolFamily.INET);
                    socket = inet.find(client);
                }
                if (socket.isEmpty()) { // an IPv6 client, or an IPv4 one on a dual-stack IPv6 socket
                    inet6 = inet6 != null ? inet6 : dump(StandardProtocolFamily.INET6);
                    socket = inet6.find(client);
                }
                found.add(socket);
            } catch (ErrnoException | NetlinkParseException e) {
                found.add(exactly(client));
            }
        }
        return found;
    }

    private DnsClientSockets dump(StandardProtocolFamily family) throws ErrnoException, NetlinkParseException {
        return new DnsClientSockets(diag.dump(SocketProtocol.UDP, family), servers);
    }

    private Optional<SocketInfo> exactly(InetSocketAddress client) {
        try {
            return exact.apply(client);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Completes one request; what runs on its completion (an answer's release) must not stop the batch. */
    private static void complete(Request r, Optional<SocketInfo> found) {
        try {
            r.result().complete(found);
        } catch (RuntimeException e) {
            // a dependent stage failed; its own future carries the failure
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Request left; (left = queue.poll()) != null; ) { // queued while closing
            left.result().complete(Optional.empty());
        }
        diag.close();
    }
}
