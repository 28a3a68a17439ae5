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
    private volatile Object attachment;

    public QueryContext(long sequence, Instant receivedAt, long receivedNanos, InetSocketAddress client,
            InetSocketAddress local, Transport transport, DnsQuery query) {
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
