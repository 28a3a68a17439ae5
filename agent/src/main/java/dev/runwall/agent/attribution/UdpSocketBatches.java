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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Finds the sockets of UDP DNS clients in batches: requests queue up ({@link #find}) until a caller runs them
 * ({@link #runQueued}) — the proxy's UDP receive thread, once it has handled every datagram waiting, or an
 * upstream thread holding an answer that waits for its lookup — and are answered together. A batch of up to
 * {@link #EXACT_UP_TO} clients gets one exact kernel lookup per client, all sent in one request; a larger one
 * gets one dump of the UDP sockets on the batch's client ports, which walks the kernel's whole UDP table — so
 * the busier the proxy, the less each query costs, and no thread hands work to another.
 *
 * <p>Correct as well as cheap: a batch is taken from the queue before its lookup starts, so every query in it
 * was received before the kernel was asked, and its client's socket still existed then (the client waits for
 * its answer). A port that another process reuses later cannot be mistaken for it.
 *
 * <p>Futures complete on the thread that runs the batch, so what depends on them (the proxy's release of the
 * answer) runs there too: the caller keeps slow work off it. Batches run one at a time (they share one
 * netlink socket); their futures complete outside that lock.
 */
final class UdpSocketBatches implements AutoCloseable {
    /**
     * Up to this many distinct clients, exact lookups sent together beat a dump: 8 cost 10.5 µs, 16 cost 16.4 µs,
     * a dump filtered by the clients' ports 14.5 to 17.4 µs (SocketDiagnosticsIT#lookupCost), and a batch of
     * IPv4 clients on dual-stack IPv6 sockets (Java's default) needs a second dump, IPv6.
     */
    static final int EXACT_UP_TO = 12;

    private record Request(InetSocketAddress client, CompletableFuture<Optional<SocketInfo>> result) {}

    private final SocketDiagnostics diag;
    private final Set<InetSocketAddress> servers;
    private final BiFunction<SocketDiagnostics, List<InetSocketAddress>, List<Optional<SocketInfo>>> exact;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lookups = new ReentrantLock();
    private final LongAdder requests = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder dumps = new LongAdder();
    private final LongAdder exactLookups = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean closed;

    /**
     * @param diag for dumps
     * @param servers the proxy's listen addresses
     * @param exact exact lookups of several clients on the given socket (their sockets in order), for small
     *     batches and when a dump fails
     */
    UdpSocketBatches(SocketDiagnostics diag, List<InetSocketAddress> servers,
            BiFunction<SocketDiagnostics, List<InetSocketAddress>, List<Optional<SocketInfo>>> exact) {
        this.diag = diag;
        this.servers = Set.copyOf(servers);
        this.exact = exact;
    }

    /**
     * The socket {@code client} sends from; empty when it is gone (or the kernel could not be asked). Completes
     * at the next {@link #runQueued}, or at once when closed.
     */
    CompletableFuture<Optional<SocketInfo>> find(InetSocketAddress client) {
        CompletableFuture<Optional<SocketInfo>> result = new CompletableFuture<>();
        if (closed) { // never hold an answer for ever
            result.complete(Optional.empty());
            return result;
        }
        requests.increment();
        queue.add(new Request(client, result));
        if (closed) { // closed meanwhile: close() may have emptied the queue before this request was in it
            giveUpQueued();
        }
        return result;
    }

    /**
     * Answers every request queued so far, on this thread, in one batch. Returns at once when nothing is
     * queued; waits while another thread runs a batch.
     */
    void runQueued() {
        if (queue.isEmpty()) {
            return;
        }
        List<Request> batch = new ArrayList<>();
        List<Optional<SocketInfo>> found = List.of();
        lookups.lock();
        try {
            for (Request r; (r = queue.poll()) != null; ) {
                batch.add(r);
            }
            if (batch.isEmpty() || closed) {
                return; // another thread took them; or closed: those taken end with nothing (below)
            }
            found = answer(batch);
        } catch (RuntimeException bug) {
            failures.increment(); // every later query's answer depends on these batches: count and go on
        } finally {
            lookups.unlock();
            for (int i = 0; i < batch.size(); i++) { // a bug must not leave a query waiting for ever
                complete(batch.get(i), i < found.size() ? found.get(i) : Optional.empty());
            }
        }
    }

    /**
     * Lookups asked for (one per query), batches, dumps and exact kernel lookups (one per client of a small
     * batch; one per client a dump could not answer) so far, for the benchmark and the agent's counters.
     */
    Map<String, Long> counters() {
        return Map.of("dnsClientLookups", requests.sum(), "dnsClientBatches", batches.sum(),
                "dnsClientDumps", dumps.sum(), "dnsClientExactLookups", exactLookups.sum(),
                "dnsClientBatchFailures", failures.sum());
    }

    long dumps() {
        return dumps.sum();
    }

    long exactLookups() {
        return exactLookups.sum();
    }

    private List<Optional<SocketInfo>> answer(List<Request> batch) {
        List<InetSocketAddress> asked = new ArrayList<>(batch.size());
        for (Request r : batch) {
            asked.add(r.client());
        }
        return lookUp(asked);
    }

    /**
     * One batch, on the calling thread: the socket of each client asked, in order. A client that asked several
     * questions in the batch (a resolver sends A and AAAA from one socket; a busy one more) is looked up once:
     * every one of its queries was received before the lookup, so they all came from the socket it finds.
     */
    List<Optional<SocketInfo>> lookUp(List<InetSocketAddress> asked) {
        Map<InetSocketAddress, Integer> index = new HashMap<>();
        List<InetSocketAddress> clients = new ArrayList<>(asked.size());
        int[] slot = new int[asked.size()];
        for (int i = 0; i < asked.size(); i++) {
            InetSocketAddress client = asked.get(i);
            Integer known = index.putIfAbsent(client, clients.size());
            if (known == null) {
                slot[i] = clients.size();
                clients.add(client);
            } else {
                slot[i] = known;
            }
        }
        List<Optional<SocketInfo>> distinct = lookUpDistinct(clients);
        List<Optional<SocketInfo>> found = new ArrayList<>(asked.size());
        for (int s : slot) {
            found.add(distinct.get(s));
        }
        return found;
    }

    /**
     * The socket of each of the (distinct) clients, in order: by exact lookups sent together when there are at most
     * {@link #EXACT_UP_TO}, else from one dump per address family needed, of the sockets on the clients' ports only.
     */
    private List<Optional<SocketInfo>> lookUpDistinct(List<InetSocketAddress> clients) {
        batches.increment();
        List<Optional<SocketInfo>> found = new ArrayList<>(clients.size());
        if (clients.size() <= EXACT_UP_TO) {
            return exactly(clients);
        }
        dumps.increment();
        Set<Integer> ports = new HashSet<>();
        for (InetSocketAddress client : clients) {
            ports.add(client.getPort());
        }
        DnsClientSockets inet = null;
        DnsClientSockets inet6 = null;
        for (InetSocketAddress client : clients) {
            try {
                Optional<SocketInfo> socket = Optional.empty();
                if (client.getAddress() instanceof Inet4Address) {
                    inet = inet != null ? inet : dump(StandardProtocolFamily.INET, ports);
                    socket = inet.find(client);
                }
                if (socket.isEmpty()) { // an IPv6 client, or an IPv4 one on a dual-stack IPv6 socket
                    inet6 = inet6 != null ? inet6 : dump(StandardProtocolFamily.INET6, ports);
                    socket = inet6.find(client);
                }
                found.add(socket);
            } catch (ErrnoException | NetlinkParseException e) {
                found.add(exactly(List.of(client)).getFirst());
            }
        }
        return found;
    }

    /** The UDP sockets of {@code family} on the batch's client ports: the kernel leaves out all others. */
    private DnsClientSockets dump(StandardProtocolFamily family, Set<Integer> ports)
            throws ErrnoException, NetlinkParseException {
        return new DnsClientSockets(diag.dump(SocketProtocol.UDP, family, ports), servers);
    }

    private List<Optional<SocketInfo>> exactly(List<InetSocketAddress> clients) {
        exactLookups.add(clients.size());
        try {
            List<Optional<SocketInfo>> found = exact.apply(diag, clients);
            if (found.size() == clients.size()) {
                return found;
            }
        } catch (RuntimeException e) {
            // nothing found: as if every socket were gone
        }
        return new ArrayList<>(java.util.Collections.nCopies(clients.size(), Optional.<SocketInfo>empty()));
    }

    /** Completes one request; what runs on its completion (an answer's release) must not stop the batch. */
    private static void complete(Request r, Optional<SocketInfo> found) {
        try {
            r.result().complete(found);
        } catch (RuntimeException e) {
            // a dependent stage failed; its own future carries the failure
        }
    }

    private void giveUpQueued() {
        for (Request left; (left = queue.poll()) != null; ) {
            complete(left, Optional.empty());
        }
    }

    @Override
    public void close() {
        closed = true;
        lookups.lock();
        try {
            diag.close();
        } finally {
            lookups.unlock();
        }
        giveUpQueued();
    }
}
