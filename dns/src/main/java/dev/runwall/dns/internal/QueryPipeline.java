package dev.runwall.dns.internal;

import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.GateDecision;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import dev.runwall.dns.ReleaseRefusedException;
import dev.runwall.dns.Resolution;
import dev.runwall.dns.Transport;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.upstream.Futures;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import dev.runwall.dns.internal.upstream.UpstreamException;
import dev.runwall.dns.internal.upstream.UpstreamForwarder;
import dev.runwall.dns.internal.wire.MinimalResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.WireParseException;

/**
 * The life of one query, whatever transport it came on: gate, cache, upstream, release hook, response,
 * listener calls and counters.
 */
public final class QueryPipeline {
    private static final int MAX_TCP_MESSAGE = 65_535;

    private final DnsGate gate;
    private final AnswerSource answers;
    private final DnsProxyListener listener;
    private final ProxyCounters counters;
    private final int maxUdpPayload;
    private final InstantSource clock;
    private final AtomicLong sequence = new AtomicLong();

    /** Where cache misses go; {@link UpstreamForwarder} in the proxy, a fake in tests. */
    @FunctionalInterface
    public interface Upstream {
        /** Asks upstream and waits for the answer. */
        UpstreamAnswer forward(DnsQuery query) throws UpstreamException;

        /**
         * Sends the first attempt without waiting (see {@link UpstreamForwarder#firstAttempt}); null when this
         * upstream cannot, and {@link #forward} then runs on a worker.
         */
        default CompletableFuture<UpstreamAnswer> firstAttempt(DnsQuery query) {
            return null;
        }

        /** The rest of a query whose first attempt failed with {@code retry}; may wait. */
        default UpstreamAnswer continueAfter(DnsQuery query, UpstreamForwarder.Retry retry) throws UpstreamException {
            return forward(query);
        }
    }

    /** Returned by {@link #decideAndAnswer} when the query went on asynchronously and will call its own end. */
    private static final Runnable CONTINUES = () -> {};

    public QueryPipeline(DnsGate gate, ResponseCache<CachedAnswer> cache, CacheLifetime lifetime, Upstream upstream,
            DnsProxyListener listener, ProxyCounters counters, int maxUdpPayload, InstantSource clock) {
        this.gate = gate;
        this.answers = new AnswerSource(gate, cache, lifetime, upstream, counters);
        this.listener = listener;
        this.counters = counters;
        this.maxUdpPayload = maxUdpPayload;
        this.clock = clock;
    }

    /**
     * Handles one message from a client and sends the response, if any, to {@code sink}, all on this thread,
     * which waits for a listener's hold on the answer ({@link QueryContext#releaseAfter}).
     */
    public void handle(byte[] wire, Transport transport, InetSocketAddress client, InetSocketAddress local,
            ResponseSink sink) {
        Runnable rest = handleLocally(wire, transport, client, local, sink);
        if (rest != null) {
            rest.run();
        }
    }

    /**
     * Handles one message without ever waiting on this thread (the UDP receive thread): answers what needs
     * no upstream at once (policy blocks, malformed messages, cache hits), sends a cache miss's first attempt
     * upstream from here, and releases its answer on the thread that receives it (an upstream socket's
     * receive thread) — no hand-off on the way, unless the first attempt was not enough (retries, TCP), which
     * go on in {@code workers}. An answer a listener holds ({@link QueryContext#releaseAfter}) is released by
     * the thread that completes the hold, if it was not complete already. {@code done} runs exactly once,
     * when the query's life has ended, on whichever thread ended it.
     */
    public void handleAsync(byte[] wire, Transport transport, InetSocketAddress client, InetSocketAddress local,
            ResponseSink sink, Executor workers, Runnable done) {
        Async async = new Async(workers, done);
        Runnable rest = handleLocally(wire, transport, client, local, sink, async);
        if (rest == CONTINUES) {
            return;
        }
        if (rest == null) {
            done.run();
            return;
        }
        async.onWorker(rest);
    }

    /** Where an asynchronous query goes on, and what to call at its end. */
    private record Async(Executor workers, Runnable done) {
        /** Runs {@code task} on a worker and then {@code done}; a refused task (closing) just ends. */
        void onWorker(Runnable task) {
            try {
                workers.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        done.run();
                    }
                });
            } catch (RejectedExecutionException closing) {
                done.run();
            }
        }
    }

    /**
     * Answers what needs no upstream at once on this thread (policy blocks, malformed messages, cache hits)
     * and returns the rest of the query's life (forwarding, then the answer) for the caller to run on a
     * thread that may wait; null when the query is done.
     */
    public Runnable handleLocally(byte[] wire, Transport transport, InetSocketAddress client, InetSocketAddress local,
            ResponseSink sink) {
        return handleLocally(wire, transport, client, local, sink, null);
    }

    private Runnable handleLocally(byte[] wire, Transport transport, InetSocketAddress client,
            InetSocketAddress local, ResponseSink sink, Async async) {
        counters.queries.increment();
        try {
            Runnable rest = decideAndAnswer(wire, transport, client, local, sink, async);
            if (rest == CONTINUES) {
                return CONTINUES;
            }
            return rest == null ? null : () -> {
                try {
                    rest.run();
                } catch (RuntimeException e) {
                    bug(wire, sink);
                }
            };
        } catch (RuntimeException e) {
            bug(wire, sink);
            return null;
        }
    }

    /** A bug must cost one query, not the worker: answer SERVFAIL when the question is known. */
    private void bug(byte[] wire, ResponseSink sink) {
        counters.internalErrors.increment();
        servfailAfterBug(wire, sink);
    }

    private void servfailAfterBug(byte[] wire, ResponseSink sink) {
        try {
            DnsQuery query = switch (gate.decide(wire)) {
                case GateDecision.Forward f -> f.query();
                case GateDecision.Block b -> b.query();
                case GateDecision.Reject r -> r.query();
                case GateDecision.Drop x -> null;
            };
            if (query != null) {
                servfail(query, sink);
            }
        } catch (RuntimeException again) {
            // nothing sensible left to answer
        }
    }

    private Runnable decideAndAnswer(byte[] wire, Transport transport, InetSocketAddress client,
            InetSocketAddress local, ResponseSink sink, Async async) {
        long start = System.nanoTime();
        GateDecision decision = gate.decide(wire);
        switch (decision) {
            case GateDecision.Drop d -> counters.droppedMalformed.increment();
            case GateDecision.Reject r -> {
                counters.rejected.increment();
                send(sink, r.response());
            }
            case GateDecision.Block b -> {
                counters.blocked.increment();
                QueryContext ctx = received(b.query(), transport, client, local, start, false);
                Runnable answer = () -> {
                    send(sink, b.response());
                    completed(ctx, new QueryOutcome(ctx, Verdict.BLOCKED, "NXDOMAIN", null, false, b.reason(),
                            System.nanoTime() - start));
                };
                return local(ctx, answer, sink, async);
            }
            case GateDecision.Forward f -> {
                AnswerSource.Found hit = answers.cached(f.query());
                QueryContext ctx = received(f.query(), transport, client, local, start, hit == null);
                if (hit == null) {
                    if (async != null && forwardAsync(f, ctx, sink, async)) {
                        return CONTINUES;
                    }
                    return () -> forward(f, ctx, sink);
                }
                return local(ctx, () -> release(f, ctx, hit, sink), sink, async);
            }
        }
        return null;
    }

    /**
     * Runs an answer that needs no upstream now; on the asynchronous path, when a listener holds it, on the
     * thread that completes the hold instead (then {@link #CONTINUES}).
     */
    private Runnable local(QueryContext ctx, Runnable answer, ResponseSink sink, Async async) {
        if (async == null) {
            awaitHold(ctx);
            answer.run();
            return null;
        }
        return afterHold(ctx, answer, sink, async) ? CONTINUES : null;
    }

    /**
     * Runs {@code task} now if no listener holds the query's answer (or the hold is over; returns false and
     * leaves {@code done} to the caller), or when the hold completes, then ends the query (returns true).
     */
    private boolean afterHold(QueryContext ctx, Runnable task, ResponseSink sink, Async async) {
        CompletableFuture<?> hold = ctx.releaseHold();
        if (hold == null || hold.isDone()) {
            task.run();
            return false;
        }
        hold.whenComplete((ignored, failure) -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                bug(ctx, sink);
            } finally {
                async.done().run();
            }
        });
        return true;
    }

    /**
     * Sends the query's first attempt now and arranges the rest on the thread that gets the answer; false
     * (nothing sent) when the upstream cannot start without waiting.
     */
    private boolean forwardAsync(GateDecision.Forward f, QueryContext ctx, ResponseSink sink, Async async) {
        CompletableFuture<AnswerSource.Found> pending = answers.findAsync(f.query(), async.workers());
        if (pending == null) {
            return false;
        }
        pending.whenComplete((found, failure) -> {
            Runnable answer = failure != null
                    ? () -> upstreamFailed(f, ctx, Futures.cause(failure), sink)
                    : () -> release(f, ctx, found, sink);
            boolean held = false;
            try {
                CompletableFuture<?> hold = ctx.releaseHold();
                if (hold != null && !hold.isDone()) {
                    // the answer is here before the lookup it waits for: let the listener run it now, on this
                    // thread, rather than at the end of the receive thread's burst
                    beforeWaiting();
                }
                held = afterHold(ctx, answer, sink, async);
            } catch (RuntimeException e) {
                bug(ctx, sink);
            } finally {
                if (!held) {
                    async.done().run();
                }
            }
        });
        return true;
    }

    private void bug(QueryContext ctx, ResponseSink sink) {
        counters.internalErrors.increment();
        try {
            servfail(ctx.query(), sink);
        } catch (RuntimeException again) {
            // nothing sensible left to answer
        }
    }

    private void upstreamFailed(GateDecision.Forward f, QueryContext ctx, Throwable cause, ResponseSink sink) {
        if (!(cause instanceof UpstreamException || cause instanceof WireParseException)) {
            throw new IllegalStateException("unexpected upstream failure", cause);
        }
        counters.upstreamFailures.increment();
        fail(ctx, f.verdict(), null, f.reason() + "; upstream failed: " + cause.getMessage(), sink);
    }

    private void forward(GateDecision.Forward f, QueryContext ctx, ResponseSink sink) {
        AnswerSource.Found found;
        try {
            found = answers.find(f.query());
        } catch (UpstreamException | WireParseException e) {
            counters.upstreamFailures.increment();
            awaitHold(ctx);
            fail(ctx, f.verdict(), null, f.reason() + "; upstream failed: " + e.getMessage(), sink);
            return;
        }
        awaitHold(ctx);
        release(f, ctx, found, sink);
    }

    /**
     * On a thread that may wait: until a listener's hold on the answer is over ({@link QueryContext#releaseAfter}),
     * after letting the listener do what it put off ({@link DnsProxyListener#beforeWaiting}).
     */
    private void awaitHold(QueryContext ctx) {
        CompletableFuture<?> hold = ctx.releaseHold();
        if (hold == null || hold.isDone()) {
            return;
        }
        beforeWaiting();
        try {
            hold.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException over) {
            // a hold that failed is over too
        }
    }

    private void release(GateDecision.Forward f, QueryContext ctx, AnswerSource.Found found, ResponseSink sink) {
        DnsQuery query = f.query();
        CachedAnswer answer = found.answer();
        long age = found.ageSeconds();
        Resolution resolution = found.fromCache() ? answer.resolution().aged(age) : answer.resolution();
        String reason = f.reason();
        if (!resolution.chainOutsidePolicy().isEmpty()) {
            reason += "; CNAME chain leaves the policy: " + String.join(", ", resolution.chainOutsidePolicy());
        }
        try {
            listener.beforeRelease(ctx, resolution);
        } catch (ReleaseRefusedException | RuntimeException e) {
            if (gate.policy().mode() == EgressMode.BLOCK) {
                counters.releaseRefused.increment();
                fail(ctx, f.verdict(), resolution, reason + "; answer withheld: " + e.getMessage(), sink);
                return;
            }
            counters.listenerFailures.increment();
            reason += "; release hook failed, released anyway (audit mode): " + e.getMessage();
        }
        boolean udp = ctx.transport() == Transport.UDP;
        int limit = udp ? query.udpResponseLimit(maxUdpPayload) : MAX_TCP_MESSAGE;
        byte[] response = answer.template().render(query, age, limit, maxUdpPayload);
        if (udp && (response[2] & 0x02) != 0) {
            counters.truncated.increment();
        }
        send(sink, response);
        completed(ctx, new QueryOutcome(ctx, f.verdict(), Rcode.string(answer.template().rcode()), resolution,
                found.fromCache(), reason, System.nanoTime() - ctx.receivedNanos()));
    }

    private void fail(QueryContext ctx, Verdict verdict, Resolution resolution, String reason, ResponseSink sink) {
        servfail(ctx.query(), sink);
        completed(ctx, new QueryOutcome(ctx, verdict, "SERVFAIL", resolution, false, reason,
                System.nanoTime() - ctx.receivedNanos()));
    }

    private QueryContext received(DnsQuery query, Transport transport, InetSocketAddress client,
            InetSocketAddress local, long start, boolean upstream) {
        QueryContext ctx = new QueryContext(sequence.incrementAndGet(), clock.instant(), start, client, local,
                transport, query, upstream);
        try {
            listener.queryReceived(ctx);
        } catch (RuntimeException e) {
            counters.listenerFailures.increment();
        }
        return ctx;
    }

    /**
     * Tells the listener that this thread, which handled queries, is about to wait
     * ({@link DnsProxyListener#beforeWaiting}): the UDP receive thread calls it once it has handled the
     * datagrams waiting on its socket.
     */
    public void beforeWaiting() {
        try {
            listener.beforeWaiting();
        } catch (RuntimeException e) {
            counters.listenerFailures.increment();
        }
    }

    private void completed(QueryContext ctx, QueryOutcome outcome) {
        try {
            listener.queryCompleted(ctx, outcome);
        } catch (RuntimeException e) {
            counters.listenerFailures.increment();
        }
    }

    private void servfail(DnsQuery query, ResponseSink sink) {
        send(sink, MinimalResponse.forQuery(query, Rcode.SERVFAIL, false, false, maxUdpPayload));
    }

    private void send(ResponseSink sink, byte[] response) {
        try {
            sink.send(response);
        } catch (IOException e) {
            // the client went away (closed TCP connection, unreachable UDP port), or the send buffer stayed full
            counters.unsent.increment();
        }
    }
}
