package dev.runwall.dns;

import java.net.InetSocketAddress;
import java.time.Instant;

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
    private volatile boolean worker;

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
     * from the policy, on the thread that received the datagram: a listener then does best to do short
     * work in place rather than hand it to another thread and wait for it.
     */
    public boolean upstream() {
        return upstream;
    }

    /**
     * Asks the proxy to finish this query on a thread that may wait (a virtual thread), even though it
     * needs no upstream: called from {@link DnsProxyListener#queryReceived} by a listener with slow work
     * to do before the answer goes out; the proxy then calls {@link DnsProxyListener#onWorker} there first.
     */
    public void continueOnWorker() {
        this.worker = true;
    }

    /** Whether a listener asked for {@link #continueOnWorker()}. */
    public boolean wantsWorker() {
        return worker;
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
