package dev.runwall.bench.dns;

import dev.runwall.agent.attribution.SockDiagAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.internal.DnsEventRecorder;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessLineage;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.dns.DnsProxy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The DNS proxy as bench/dns/run.sh measures it: the policy checked on every query and every query
 * written to a JSON-lines event log with the agent's own {@link EventLog}; with {@code --attribution
 * sockdiag} also the agent's process attribution of every query ({@link DnsEventRecorder} with the
 * {@link SockDiagAttributor}: the asking socket through NETLINK_SOCK_DIAG, its owner and ancestry from
 * procfs), as the agent runs it, without the audit-fed process table and with no steps. Runs until the
 * process is terminated (SIGTERM prints the proxy's counters).
 *
 * <pre>
 * DnsBenchProxy --listen 127.0.0.1:5300 --upstream 198.18.0.53:53 --mode block \
 *     --allowed-endpoints-file policy.txt --events events.jsonl|none [--cache 10000] [--attribution sockdiag]
 * </pre>
 */
public final class DnsBenchProxy {
    private DnsBenchProxy() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        EgressPolicy policy = policy(options);
        InetSocketAddress listen = address(options.get("--listen"));
        InetSocketAddress upstream = address(options.get("--upstream"));
        int cache = Integer.parseInt(options.getOrDefault("--cache", "10000"));
        DnsProxyConfig config = DnsProxyConfig.defaults(List.of(upstream)).withListen(List.of(listen))
                .withCache(cache, java.time.Duration.ofDays(1), java.time.Duration.ofMinutes(5));
        boolean logging = !"none".equals(options.get("--events"));
        boolean attribution = "sockdiag".equals(options.get("--attribution"));
        try (EventLog log = EventLog.open(Path.of(logging ? options.get("--events") : "/dev/null"));
                ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
                SockDiagAttributor attributor = attribution ? new SockDiagAttributor(List.of(listen), ProcFs.system(), 4) : null;
                DnsProxy proxy = DnsProxy.start(config, policy, attribution
                        ? new DnsEventRecorder(attributor, lineage -> Optional.empty(), ProcessLineage::toProcessInfo, log,
                                lookups, java.time.Duration.ofMillis(200))
                        : logging ? new LoggingListener(log) : DnsProxyListener.NONE)) {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("counters " + proxy.counters() + " events " + log.appended()
                        + (attributor == null ? "" : " attribution " + new java.util.TreeMap<>(attributor.counters())));
                stop.countDown();
            }));
            System.out.println("ready " + proxy.listenAddresses() + " " + policy.mode().label() + " cache=" + cache
                    + (attribution ? " attribution=sockdiag" : ""));
            System.out.flush();
            stop.await();
        }
    }

    /** Writes one event per query, as the agent does (without the process lookup). */
    private record LoggingListener(EventLog log) implements DnsProxyListener {
        @Override
        public void queryCompleted(QueryContext query, QueryOutcome outcome) {
            log.append(outcome.toEvent(null, null));
        }
    }

    private static EgressPolicy policy(Map<String, String> options) throws IOException, PolicyException {
        EgressMode mode = EgressMode.parse(options.getOrDefault("--mode", "block"));
        String file = options.get("--allowed-endpoints-file");
        String endpoints = file == null ? "" : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return EgressPolicy.of(mode, endpoints);
    }

    private static InetSocketAddress address(String text) {
        if (text == null) {
            throw new IllegalArgumentException("--listen and --upstream are required (HOST:PORT)");
        }
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(text.substring(colon + 1)));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i], args[i + 1]);
        }
        return m;
    }
}
