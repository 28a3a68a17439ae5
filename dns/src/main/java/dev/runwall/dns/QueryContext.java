package dev.runwall.dns;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client query as it passes through the proxy; the same object is handed to every listener call for
 * that query. A listener may attach one object of its own (for example the future of the asking process's
 * lookup, started in {@link DnsProxyListener#queryReceived}) and read it back in later calls, which may run
 * on another thread.
 */
public final class QueryContext {
    private final long sequence;
    private final Instant receivedAt;
    private final long receivedNanos;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final Transport transport;
    private final DnsQuery query;
    private final boolean upstream;
    private volatile Object attachment;
    private volatile CompletableFuture<?> hold;

    /**
     * @param upstream whether the answer has to come from upstream (a cache miss); false when the proxy
     *     answers from its cache or from the policy alone
     */
    public QueryContext(long sequence, Instant receivedAt, long receivedNanos, InetSocketAddress client,
            InetSocketAddress local, Transport transport, DnsQuery query, boolean upstream) {
        this.upstream = upstream;
        this.sequence = sequence;
        this.receivedAt = receivedAt;
        this.receivedNanos = receivedNanos;
        this.client = client;
        this.local = local;
        this.transport = transport;
        this.query = query;
    }

    /** A number unique for this proxy instance, increasing with arrival. */
    public long sequence() {
        return sequence;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** {@link System#nanoTime()} at arrival, for durations. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** The asking socket (for finding the process that owns it). */
    public InetSocketAddress client() {
        return client;
    }

    /** The proxy address the query came in on (loopback, or e.g. a container bridge's gateway). */
    public InetSocketAddress local() {
        return local;
    }

    public Transport transport() {
        return transport;
    }

    public DnsQuery query() {
        return query;
    }

    /**
     * Whether the answer has to come from upstream. When false, the proxy answers at once from its cache or
     * from the policy, on the thread that received the datagram, unless a listener holds the answer
     * ({@link #releaseAfter}).
     */
    public boolean upstream() {
        return upstream;
    }

    /**
     * Holds this query's answer until {@code stage} has completed (normally or not): for a listener whose work
     * must finish before the client has its answer — the lookup of the asking process, which must happen
     * while the asker's socket still exists — but that runs elsewhere, so that no thread waits for it. On the
     * asynchronous path (UDP) the proxy then releases the answer ({@link DnsProxyListener#beforeRelease},
     * send, {@link DnsProxyListener#queryCompleted}) on the thread that completes {@code stage}, or at once
     * when it is complete already; keep that thread's work short. On the synchronous path (a TCP connection's
     * own thread) that thread waits for it. This holds for every answer: from upstream or the cache, an
     * NXDOMAIN for a blocked name, a SERVFAIL. Call it from {@link DnsProxyListener#queryReceived}; several
     * holds all have to complete. The listener must see to it that {@code stage} completes: the proxy puts
     * no time limit on it.
     */
    public void releaseAfter(CompletionStage<?> stage) {
        CompletableFuture<?> next = stage.toCompletableFuture();
        CompletableFuture<?> held = hold;
        this.hold = held == null ? next : CompletableFuture.allOf(held, next);
    }

    /** What the answer waits for ({@link #releaseAfter}); null when nothing. */
    public CompletableFuture<?> releaseHold() {
        return hold;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public Object attachment() {
        return attachment;
    }

    /** The attachment as {@code type}, or null when there is none or it is of another type. */
    public <T> T attachment(Class<T> type) {
        Object a = attachment;
        return type.isInstance(a) ? type.cast(a) : null;
    }

    @Override
    public String toString() {
        return "QueryContext[#" + sequence + " " + transport.label() + " " + client + " " + query.domain() + " "
                + query.typeName() + "]";
    }
}
