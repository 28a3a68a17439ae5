package dev.runwall.dns.internal;

import static dev.runwall.dns.Messages.a;
import static dev.runwall.dns.Messages.answerTo;
import static dev.runwall.dns.Messages.cname;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import dev.runwall.dns.ReleaseRefusedException;
import dev.runwall.dns.Resolution;
import dev.runwall.dns.Transport;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import dev.runwall.dns.internal.upstream.UpstreamException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryPipelineTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 53);

    private final List<String> log = new ArrayList<>();
    private final List<DnsQuery> forwarded = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final List<QueryOutcome> outcomes = new ArrayList<>();
    private final ProxyCounters counters = new ProxyCounters();
    private long nanos = 0;
    private boolean refuseRelease;
    private boolean upstreamDown;

    private final DnsProxyListener listener = new DnsProxyListener() {
        @Override
        public void queryReceived(QueryContext q) {
            log.add("received " + q.query().domain());
            q.attach("process-lookup");
        }

        @Override
        public void beforeRelease(QueryContext q, Resolution r) throws ReleaseRefusedException {
            log.add("beforeRelease " + r.addresses().size() + " sent=" + sent.size() + " " + q.attachment(String.class));
            if (refuseRelease) {
                throw new ReleaseRefusedException("nft failed");
            }
        }

        @Override
        public void queryCompleted(QueryContext q, QueryOutcome o) {
            log.add("completed " + o.rcode() + " sent=" + sent.size());
            outcomes.add(o);
        }
    };

    private QueryPipeline pipeline(EgressMode mode) throws Exception {
        EgressPolicy policy = EgressPolicy.of(mode, "www.nuget.org api.nuget.org");
        QueryPipeline.Upstream upstream = q -> {
            forwarded.add(q);
            if (upstreamDown) {
                throw new UpstreamException("no answer from 198.18.0.53#53 within 1000 ms");
            }
            Message m = answerTo(query(q.name().toString(), q.type()));
            m.addRecord(cname("www.nuget.org", 300, "edge.cdn.example"), Section.ANSWER);
            m.addRecord(a("edge.cdn.example", 60, "198.18.1.10"), Section.ANSWER);
            return UpstreamAnswer.of(m);
        };
        return new QueryPipeline(new DnsGate(policy, 1232), new ResponseCache<>(100, () -> nanos),
                CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)), upstream, listener, counters, 1232,
                InstantSource.system());
    }

    private Message ask(QueryPipeline p, Message query, Transport transport) throws Exception {
        int before = sent.size();
        p.handle(query.toWire(), transport, CLIENT, LOCAL, sent::add);
        assertThat(sent).hasSize(before + 1);
        return new Message(sent.get(before));
    }

    @Test
    void beforeReleaseRunsBeforeTheClientGetsTheAnswerAndCompletedAfter() throws Exception {
        Message r = ask(pipeline(EgressMode.BLOCK), query("www.nuget.org", Type.A), Transport.UDP);

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(log).containsExactly("received www.nuget.org", "beforeRelease 1 sent=0 process-lookup",
                "completed NOERROR sent=1");
        QueryOutcome o = outcomes.getFirst();
        assertThat(o.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(o.cnameChain()).containsExactly("edge.cdn.example");
        assertThat(o.reason()).contains("CNAME chain leaves the policy: edge.cdn.example");
        assertThat(o.toEvent("s1", null).reason()).isEqualTo(o.reason());
        assertThat(o.toEvent("s1", null).answers()).hasSize(2);
    }

    @Test
    void refusedReleaseInBlockModeSendsServfail() throws Exception {
        refuseRelease = true;

        Message r = ask(pipeline(EgressMode.BLOCK), query("www.nuget.org", Type.A), Transport.UDP);

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(outcomes.getFirst().rcode()).isEqualTo("SERVFAIL");
        assertThat(outcomes.getFirst().reason()).contains("answer withheld: nft failed");
        assertThat(counters.snapshot().releaseRefused()).isEqualTo(1);
    }

    @Test
    void refusedReleaseInAuditModeStillReleases() throws Exception {
        refuseRelease = true;

        Message r = ask(pipeline(EgressMode.AUDIT), query("www.nuget.org", Type.A), Transport.UDP);

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(2);
        assertThat(outcomes.getFirst().verdict()).isEqualTo(Verdict.AUDITED);
        assertThat(counters.snapshot().listenerFailures()).isEqualTo(1);
    }

    @Test
    void blockedNameNeverReachesUpstreamNorTheReleaseHook() throws Exception {
        Message r = ask(pipeline(EgressMode.BLOCK), query("evil.example", Type.TXT), Transport.TCP);

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(forwarded).isEmpty();
        assertThat(log).containsExactly("received evil.example", "completed NXDOMAIN sent=1");
        assertThat(outcomes.getFirst().verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(outcomes.getFirst().transport()).isEqualTo(Transport.TCP);
        assertThat(counters.snapshot().blocked()).isEqualTo(1);
    }

    @Test
    void secondQueryComesFromTheCacheAgedAndStillPassesTheHook() throws Exception {
        QueryPipeline p = pipeline(EgressMode.BLOCK);
        ask(p, query("www.nuget.org", Type.A), Transport.UDP);
        nanos += Duration.ofSeconds(10).toNanos();

        Message r = ask(p, query("WWW.nuget.org", Type.A), Transport.UDP);

        assertThat(forwarded).hasSize(1);
        assertThat(r.getSection(Section.ANSWER).get(1).getTTL()).isEqualTo(50);
        assertThat(outcomes.get(1).fromCache()).isTrue();
        assertThat(outcomes.get(1).resolution().addresses().getFirst().ttlSeconds()).isEqualTo(50);
        assertThat(log).filteredOn(l -> l.startsWith("beforeRelease")).hasSize(2);
        assertThat(counters.snapshot().cacheHits()).isEqualTo(1);
        assertThat(counters.snapshot().forwarded()).isEqualTo(1);
    }

    @Test
    void upstreamFailureIsServfailAndCounted() throws Exception {
        upstreamDown = true;

        Message r = ask(pipeline(EgressMode.AUDIT), query("api.nuget.org", Type.AAAA), Transport.UDP);

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(outcomes.getFirst().reason()).contains("upstream failed: no answer from 198.18.0.53#53");
        assertThat(counters.snapshot().upstreamFailures()).isEqualTo(1);
        assertThat(log).noneMatch(l -> l.startsWith("beforeRelease"));
    }

    @Test
    void malformedMessagesAreCountedAndReachNoListener() throws Exception {
        QueryPipeline p = pipeline(EgressMode.BLOCK);

        p.handle(new byte[] {1, 2, 3}, Transport.UDP, CLIENT, LOCAL, sent::add);
        p.handle(new byte[] {1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'a'}, Transport.UDP, CLIENT, LOCAL, sent::add);

        assertThat(sent).hasSize(1);
        assertThat(new Message(sent.getFirst()).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(log).isEmpty();
        assertThat(counters.snapshot().droppedMalformed()).isEqualTo(1);
        assertThat(counters.snapshot().rejected()).isEqualTo(1);
        assertThat(counters.snapshot().queries()).isEqualTo(2);
    }

    @Test
    void throwingListenerCallsAreCountedAndDoNotStopTheAnswer() throws Exception {
        DnsProxyListener broken = new DnsProxyListener() {
            @Override
            public void queryReceived(QueryContext q) {
                throw new IllegalStateException("bug");
            }

            @Override
            public void queryCompleted(QueryContext q, QueryOutcome o) {
                throw new IllegalStateException("bug");
            }
        };
        QueryPipeline p = new QueryPipeline(new DnsGate(EgressPolicy.audit(), 1232), new ResponseCache<>(0, () -> 0),
                CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)),
                q -> UpstreamAnswer.of(answerTo(query(q.name().toString(), q.type()))), broken, counters, 1232, InstantSource.system());

        p.handle(query("x.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add);

        assertThat(new Message(sent.getFirst()).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(counters.snapshot().listenerFailures()).isEqualTo(2);
    }

    @Test
    void identicalQuestionsInFlightShareOneUpstreamQuery() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        QueryPipeline p = new QueryPipeline(new DnsGate(EgressPolicy.audit(), 1232), new ResponseCache<>(0, () -> 0),
                CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)), q -> {
                    asked.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new UpstreamException("interrupted");
                    }
                    Message m = answerTo(query(q.name().toString(), q.type()));
                    m.addRecord(a("x.example", 60, "198.18.1.10"), Section.ANSWER);
                    return UpstreamAnswer.of(m);
                }, DnsProxyListener.NONE, counters, 1232, InstantSource.system());
        List<byte[]> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<byte[]> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        Message q2 = query("X.example", Type.A);
        q2.getHeader().setID(99);

        Thread t1 = Thread.ofVirtual().start(
                () -> p.handle(query("x.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, first::add));
        while (asked.get() == 0) {
            Thread.sleep(1);
        }
        Thread t2 = Thread.ofVirtual().start(() -> p.handle(q2.toWire(), Transport.UDP, CLIENT, LOCAL, second::add));
        while (counters.snapshot().coalesced() == 0) {
            Thread.sleep(1);
        }
        release.countDown();
        t1.join();
        t2.join();

        assertThat(asked.get()).isEqualTo(1);
        Message r2 = new Message(second.getFirst());
        assertThat(new Message(first.getFirst()).getSection(Section.ANSWER)).hasSize(1);
        assertThat(r2.getHeader().getID()).isEqualTo(99);
        assertThat(r2.getQuestion().getName().toString()).isEqualTo("X.example.");
        assertThat(r2.getSection(Section.ANSWER)).hasSize(1);
        assertThat(counters.snapshot().forwarded()).isEqualTo(1);
        assertThat(counters.snapshot().coalesced()).isEqualTo(1);
    }

    @Test
    void cacheHitsAndBlocksAreAnsweredInPlaceAndOnlyAMissIsLeftForAWorker() throws Exception {
        QueryPipeline p = pipeline(EgressMode.BLOCK);

        Runnable miss = p.handleLocally(query("www.nuget.org", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add);
        assertThat(miss).as("a cache miss must go upstream on a worker").isNotNull();
        assertThat(sent).isEmpty();
        assertThat(forwarded).isEmpty();
        miss.run();
        assertThat(sent).hasSize(1);
        assertThat(forwarded).hasSize(1);

        assertThat(p.handleLocally(query("www.nuget.org", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add))
                .as("a cache hit is answered at once").isNull();
        assertThat(p.handleLocally(query("evil.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add))
                .as("a blocked name is answered at once").isNull();
        assertThat(sent).hasSize(3);
        assertThat(new Message(sent.get(2)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(forwarded).hasSize(1);
    }

    @Test
    void aHeldAnswerGoesOutOnlyWhenEveryHoldIsOverOnTheThreadThatEndedTheLastOrAfterAWait() throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.CompletableFuture<Void>> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<java.util.concurrent.CompletableFuture<Void>> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        DnsProxyListener holding = new DnsProxyListener() {
            @Override
            public void queryReceived(QueryContext q) {
                var a = new java.util.concurrent.CompletableFuture<Void>();
                var b = new java.util.concurrent.CompletableFuture<Void>();
                first.add(a);
                second.add(b);
                q.releaseAfter(a);
                q.releaseAfter(b);
            }

            @Override
            public void beforeRelease(QueryContext q, Resolution r) {
                calls.add("release " + q.query().domain() + " on " + Thread.currentThread().getName());
            }

            @Override
            public void queryCompleted(QueryContext q, QueryOutcome o) {
                calls.add("completed " + o.rcode() + " on " + Thread.currentThread().getName());
            }
        };
        QueryPipeline p = new QueryPipeline(new DnsGate(EgressPolicy.of(EgressMode.BLOCK, "x.example"), 1232),
                new ResponseCache<>(100, () -> 0), CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)), q -> {
                    Message m = answerTo(query(q.name().toString(), q.type()));
                    m.addRecord(a("x.example", 60, "198.18.1.10"), Section.ANSWER);
                    return UpstreamAnswer.of(m);
                }, holding, counters, 1232, InstantSource.system());
        List<Integer> sentWhenHoldEnded = new ArrayList<>();
        Thread ender = Thread.ofPlatform().start(() -> {
            try {
                while (second.isEmpty()) {
                    Thread.sleep(5);
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            sentWhenHoldEnded.add(sent.size());
            first.forEach(h -> h.complete(null));
            second.forEach(h -> h.complete(null));
        });
        p.handle(query("x.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add);
        ender.join();
        assertThat(sentWhenHoldEnded).as("the synchronous path waits for the hold").containsExactly(0);
        assertThat(sent).hasSize(1);
        calls.clear();
        first.clear();
        second.clear();
        List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());

        p.handleAsync(query("x.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add, Runnable::run,
                () -> done.add("hit"));
        p.handleAsync(query("evil.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add, Runnable::run,
                () -> done.add("blocked"));
        first.get(0).complete(null);
        first.get(1).completeExceptionally(new IllegalStateException("a failed lookup ends the hold too"));

        assertThat(sent).as("held: a cache hit and a blocked name, each with one hold still open").hasSize(1);
        assertThat(calls).isEmpty();
        assertThat(done).isEmpty();

        Thread completer = Thread.ofPlatform().name("hold-completer").start(() -> second.forEach(h -> h.complete(null)));
        completer.join();

        assertThat(sent).hasSize(3);
        assertThat(new Message(sent.get(2)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(calls).containsExactly("release x.example on hold-completer", "completed NOERROR on hold-completer",
                "completed NXDOMAIN on hold-completer");
        assertThat(done).containsExactly("hit", "blocked");

        calls.clear();
        DnsProxyListener over = new DnsProxyListener() {
            @Override
            public void queryReceived(QueryContext q) {
                q.releaseAfter(java.util.concurrent.CompletableFuture.completedFuture(null));
            }

            @Override
            public void queryCompleted(QueryContext q, QueryOutcome o) {
                calls.add("completed " + o.rcode() + " on " + Thread.currentThread().getName());
            }
        };
        QueryPipeline q = new QueryPipeline(new DnsGate(EgressPolicy.of(EgressMode.BLOCK, "x.example"), 1232),
                new ResponseCache<>(100, () -> 0), CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)),
                x -> UpstreamAnswer.of(answerTo(query(x.name().toString(), x.type()))), over, counters, 1232,
                InstantSource.system());
        q.handleAsync(query("evil.example", Type.A).toWire(), Transport.UDP, CLIENT, LOCAL, sent::add, Runnable::run,
                () -> done.add("at once"));
        assertThat(calls).as("a hold already over: answered on the receiving thread")
                .containsExactly("completed NXDOMAIN on " + Thread.currentThread().getName());
        assertThat(done).endsWith("at once");
    }
}
