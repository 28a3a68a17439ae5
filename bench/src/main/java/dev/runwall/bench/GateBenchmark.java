package dev.runwall.bench;

import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.GateDecision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The policy check on the DNS path: the gate's decision for one query read from wire bytes, against a
 * policy of {@code entries} names (half exact, half wildcards), for an allowed and a blocked name.
 * Run with {@code bench/jmh/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateBenchmark {
    @Param({"10", "1000"})
    int entries;

    private DnsGate gate;
    private byte[] allowedQuery;
    private byte[] blockedQuery;

    @Setup
    public void setUp() throws PolicyException, java.io.IOException {
        StringBuilder policy = new StringBuilder();
        for (int i = 0; i < entries; i++) {
            policy.append(i % 2 == 0 ? "host" + i + ".example.com:443 " : "*.svc" + i + ".example.net:443 ");
        }
        policy.append("*.blob.core.example.org:443");
        gate = new DnsGate(EgressPolicy.of(EgressMode.BLOCK, policy.toString()), 1232);
        allowedQuery = query("a.b.c.blob.core.example.org.");
        blockedQuery = query("exfil.attacker.example.");
    }

    private static byte[] query(String name) throws java.io.IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1)).toWire();
    }

    @Benchmark
    public GateDecision allowedName() {
        return gate.decide(allowedQuery);
    }

    @Benchmark
    public GateDecision blockedName() {
        return gate.decide(blockedQuery);
    }
}
