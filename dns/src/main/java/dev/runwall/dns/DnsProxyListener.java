package dev.runwall.dns;

/**
 * What the agent hears from the proxy, one method per moment in a query's life (in the spirit of OkHttp's
 * EventListener). Methods run on the thread that handles the query at that moment. A UDP query is received
 * on the UDP listener's receive thread ({@link #queryReceived} runs there, so time spent there holds up the
 * next datagram); one that needs no upstream (a cache hit, a policy block; {@link QueryContext#upstream()}
 * false) is answered there too, one that goes upstream on the upstream socket's receive thread that got its
 * answer (or on a virtual thread, after a retry) — unless a listener held the answer with
 * {@link QueryContext#releaseAfter}: then it is answered on the thread that completed the hold. A TCP query
 * runs on its connection's virtual thread. They may block, but every millisecond spent in
 * {@link #beforeRelease} is added to the client's wait and holds up the thread. Exceptions thrown by
 * {@link #queryReceived}, {@link #beforeWaiting} and {@link #queryCompleted} are counted and otherwise ignored.
 *
 * <p>The UDP receive thread handles every datagram already waiting on its socket (up to a bound) before it
 * calls {@link #beforeWaiting} and waits for more; so a listener can put work off from
 * {@link #queryReceived} and do it once for all the queries of a burst.
 *
 * <p>Order for one query: {@code queryReceived}, then (only for answers from upstream or the cache)
 * {@code beforeRelease}, then {@code queryCompleted}, after the response was handed to the socket.
 * Malformed messages that are dropped or answered FORMERR/NOTIMP reach no listener (they are counted).
 */
public interface DnsProxyListener {
    DnsProxyListener NONE = new DnsProxyListener() {};

    /**
     * A well-formed query arrived and the policy decided; nothing was sent yet. The agent starts looking up
     * the asking process from {@link QueryContext#client()} here, in parallel with forwarding, may
     * {@link QueryContext#attach attach} the pending lookup and hold the answer until it is done
     * ({@link QueryContext#releaseAfter}).
     */
    default void queryReceived(QueryContext query) {}

    /**
     * A thread is about to wait: the UDP receive thread for the next datagram (having handled those already
     * waiting, up to a bound), a thread that answers synchronously (TCP) for a hold on its answer, or the
     * thread that got an upstream answer before that answer's hold ended. Work a listener put off from
     * {@link #queryReceived}, to do it for several queries at once, it does now, on this thread: an answer
     * held for that work ({@link QueryContext#releaseAfter}) would otherwise wait for ever, or at least until
     * the receive thread's burst ends. Called often, also when nothing was put off: return at once then. May
     * run on several threads at once.
     */
    default void beforeWaiting() {}

    /**
     * An answer from upstream or the cache is about to be sent; the client has not seen it yet. In block
     * mode the agent programs the firewall with {@link Resolution#addresses()} here, so that the client
     * cannot connect before the addresses are allowed.
     *
     * @throws ReleaseRefusedException to withhold the answer: block mode sends SERVFAIL instead (fail
     *     closed); audit mode sends the answer anyway. An unchecked exception is treated the same way.
     */
    default void beforeRelease(QueryContext query, Resolution resolution) throws ReleaseRefusedException {}

    /** The response was sent (or could not be sent); {@code outcome} carries everything an event needs. */
    default void queryCompleted(QueryContext query, QueryOutcome outcome) {}
}
