package dev.runwall.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** A client's questions in one UDP burst share one pending lookup; the next burst asks again. */
class DnsEventRecorderTest {
    private static final InetSocketAddress RESOLVER = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 40002);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 53);
    @TempDir Path tmp;

    /** Lookups are put off until runDeferred, as the sock_diag attributor does with a UDP burst. */
    private static final class Deferring implements ProcessAttributor {
        final List<InetSocketAddress> asked = new ArrayList<>();
        final List<CompletableFuture<Optional<ProcessLineage>>> pending = new ArrayList<>();

        @Override
        public Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client) {
            return Optional.of(lineage(client.getPort()));
        }

        @Override
        public CompletableFuture<Optional<ProcessLineage>> lookupAsync(Transport transport, InetSocketAddress client,
                java.util.concurrent.Executor slow) {
            asked.add(client);
            CompletableFuture<Optional<ProcessLineage>> f = new CompletableFuture<>();
            pending.add(f);
            return f.thenApply(x -> Optional.of(lineage(client.getPort())));
        }

        @Override
        public void runDeferred() {
            pending.forEach(f -> f.complete(Optional.empty()));
            pending.clear();
        }
    }

    private static ProcessLineage lineage(int pid) {
        return new ProcessLineage(List.of(new ProcStat(pid, "resolver", 'S', 1, pid, 100)), List.of("/usr/bin/resolver"),
                List.of("resolver"));
    }

    private static QueryContext query(long n, InetSocketAddress client, Transport transport) throws Exception {
        DnsQuery q = new DnsQuery((int) n, Name.fromString("example.com."), Type.A, DClass.IN, "example.com", true,
                true, false, false, DnsQuery.Edns.NONE);
        return new QueryContext(n, Instant.now(), System.nanoTime(), client, LOCAL, transport, q, false);
    }

    @Test
    void aClientsQuestionsInOneBurstShareALookupAndTheNextBurstAsksAgain() throws Exception {
        Deferring attributor = new Deferring();
        ExecutorService slow = Executors.newVirtualThreadPerTaskExecutor();
        try (EventLog log = EventLog.open(tmp.resolve("events.jsonl"))) {
            DnsEventRecorder recorder = new DnsEventRecorder(attributor, l -> Optional.of("step-1"),
                    l -> l.toProcessInfo(), log, slow, Duration.ofSeconds(1));
            QueryContext a = query(1, RESOLVER, Transport.UDP);
            QueryContext aaaa = query(2, RESOLVER, Transport.UDP);
            QueryContext other = query(3, OTHER, Transport.UDP);
            recorder.queryReceived(a);
            recorder.queryReceived(aaaa);
            recorder.queryReceived(other);
            assertThat(attributor.asked).containsExactly(RESOLVER, OTHER);
            assertThat(aaaa.attachment()).isSameAs(a.attachment());
            recorder.beforeWaiting();
            assertThat(((CompletableFuture<?>) a.attachment()).isDone()).isTrue();

            QueryContext again = query(4, RESOLVER, Transport.UDP); // next burst: the port may be another's now
            recorder.queryReceived(again);
            assertThat(attributor.asked).containsExactly(RESOLVER, OTHER, RESOLVER);
            assertThat(again.attachment()).isNotSameAs(a.attachment());
        } finally {
            slow.shutdownNow();
        }
    }

    @Test
    void aFinishedLookupIsNotReusedEvenInTheSameBurst() throws Exception {
        Deferring attributor = new Deferring();
        ExecutorService slow = Executors.newVirtualThreadPerTaskExecutor();
        try (EventLog log = EventLog.open(tmp.resolve("events.jsonl"))) {
            DnsEventRecorder recorder = new DnsEventRecorder(attributor, l -> Optional.empty(),
                    l -> l.toProcessInfo(), log, slow, Duration.ofSeconds(1));
            QueryContext first = query(1, RESOLVER, Transport.UDP);
            recorder.queryReceived(first);
            attributor.runDeferred(); // another thread ran the batch (an upstream answer came back first)
            QueryContext second = query(2, RESOLVER, Transport.UDP);
            recorder.queryReceived(second);
            assertThat(attributor.asked).containsExactly(RESOLVER, RESOLVER);
            assertThat(second.attachment()).isNotSameAs(first.attachment());
        } finally {
            slow.shutdownNow();
        }
    }
}
