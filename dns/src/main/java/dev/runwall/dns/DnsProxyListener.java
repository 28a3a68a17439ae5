package dev.runwall.dns;

/**
 * What the agent hears from the proxy, one method per moment in a query's life (in the spirit of OkHttp's
 * EventListener). Methods run on the thread that handles the query at that moment: for a UDP query that
 * needs no upstream (a cache hit, a policy block; {@link QueryContext#upstream()} false) that is the UDP
 * listener's receive thread, so time spent there holds up the next datagram; a UDP query that goes
 * upstream is received there and released on the upstream socket's receive thread that got its answer (or
 * on a virtual thread, after a retry or when {@link #readyToRelease} said no); a TCP query runs on its
 * connection's virtual thread. They may block, but every millisecond spent in {@link #beforeRelease} is
 * added to the client's wait and holds up the thread. Exceptions thrown by
 * {@link #queryReceived} and {@link #queryCompleted} are counted and otherwise ignored.
 *
 * <p>Order for one query: {@code queryReceived}, then (only for answers from upstream or the cache)
 * {@code beforeRelease}, then {@code queryCompleted}, after the response was handed to the socket.
 * Malformed messages that are dropped or answered FORMERR/NOTIMP reach no listener (they are counted).
 */
public interface DnsProxyListener {
    DnsProxyListener NONE = new DnsProxyListener() {};

    /**
     * A well-formed query arrived and the policy decided; nothing was sent yet. The agent starts looking up
     * the asking process from {@link QueryContext#client()} here, in parallel with forwarding, and may
     * {@link QueryContext#attach attach} the pending lookup.
     */
    default void queryReceived(QueryContext query) {}

    /**
     * The query moved to a worker thread because a listener asked for it in {@link #queryReceived} with
     * {@link QueryContext#continueOnWorker()}; nothing was sent yet. The place for slow work that must happen
     * before the answer (the asker's socket still exists).
     */
    default void onWorker(QueryContext query) {}

    /**
     * An answer from upstream or the cache is about to be sent; the client has not seen it yet. In block
     * mode the agent programs the firewall with {@link Resolution#addresses()} here, so that the client
     * cannot connect before the addresses are allowed.
     *
     * @throws ReleaseRefusedException to withhold the answer: block mode sends SERVFAIL instead (fail
     *     closed); audit mode sends the answer anyway. An unchecked exception is treated the same way.
     */
    default void beforeRelease(QueryContext query, Resolution resolution) throws ReleaseRefusedException {}

    /**
     * Whether {@link #beforeRelease} and {@link #queryCompleted} would run without waiting now (for example
     * on a lookup still in progress). When false, the proxy moves the release of an upstream answer to a
     * worker thread instead of running it on the thread that received the answer.
     */
    default boolean readyToRelease(QueryContext query) {
        return true;
    }

    /** The response was sent (or could not be sent); {@code outcome} carries everything an event needs. */
    default void queryCompleted(QueryContext query, QueryOutcome outcome) {}
}
