package dev.runwall.bench.attribution;

import dev.runwall.linux.audit.AuditEvent;
import dev.runwall.linux.audit.AuditRecord;
import dev.runwall.linux.audit.internal.EventAssembler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's audit parsing for one short-lived process of the overhead bench's connection-heavy job: the
 * 17 records the kernel sends for its fork, execve, connect and exit_group (texts as a 6.18 kernel prints
 * them), grouped into events and read the way the agent's router reads them. {@code parsed=agent} decodes
 * only the record types the agent reads, {@code parsed=all} every type. Run with {@code bench/jmh/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuditParseBenchmark {
    private static final String PROCTITLE = "proctitle=2F746D702F72756E77616C6C2D6174747269627574696F6E2D61624344"
            + "2F636F6E6E6563742D6F6E6365007463700031393" + "82E31382E3231302E32003230313233";
    private static final String IDS = " auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0"
            + " tty=(none) ses=4294967295";

    @Param({"agent", "all"})
    String parsed;

    private final List<Integer> types = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private EventAssembler assembler;
    private Blackhole sink;
    private long serial = 1000;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        // xargs forks the child
        add(AuditRecord.SYSCALL, "arch=c000003e syscall=56 success=yes exit=4242 a0=1200011 a1=0 a2=0 a3=7f5c2a1b8a10"
                + " items=0 ppid=4100 pid=4101" + IDS + " comm=\"xargs\" exe=\"/usr/bin/xargs\" key=\"runwall:77:123\"");
        add(AuditRecord.PROCTITLE, "proctitle=7861726773002D50340002D6E0031");
        add(AuditRecord.EOE, "");
        serial++;
        add(AuditRecord.SYSCALL, "arch=c000003e syscall=59 success=yes exit=0 a0=55d0c1a2b3c0 a1=55d0c1a2b400"
                + " a2=7ffc29bb4428 a3=8 items=2 ppid=4101 pid=4242" + IDS
                + " comm=\"connect-once\" exe=\"/tmp/runwall-attribution-abCD/connect-once\" key=\"runwall:77:123\"");
        add(AuditRecord.EXECVE, "argc=4 a0=\"/tmp/runwall-attribution-abCD/connect-once\" a1=\"tcp\" a2=\"198.18.210.2\""
                + " a3=\"20123\"");
        add(AuditRecord.CWD, "cwd=\"/work/wt-ovh\"");
        add(AuditRecord.PATH, "item=0 name=\"/tmp/runwall-attribution-abCD/connect-once\" inode=260104 dev=fe:00"
                + " mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
        add(AuditRecord.PATH, "item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=338944 dev=fe:00 mode=0100755 ouid=0"
                + " ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
        add(AuditRecord.PROCTITLE, PROCTITLE);
        add(AuditRecord.EOE, "");
        serial++;
        add(AuditRecord.SYSCALL, "arch=c000003e syscall=42 success=no exit=-111 a0=3 a1=7ffd5a3c1e50 a2=10 a3=0 items=0"
                + " ppid=4101 pid=4242" + IDS
                + " comm=\"connect-once\" exe=\"/tmp/runwall-attribution-abCD/connect-once\" key=\"runwall:77:123\"");
        add(AuditRecord.SOCKADDR, "saddr=02004E9BC612D2020000000000000000");
        add(AuditRecord.PROCTITLE, PROCTITLE);
        add(AuditRecord.EOE, "");
        serial++;
        add(AuditRecord.SYSCALL, "arch=c000003e syscall=231 a0=1 a1=3c a2=0 a3=0 items=0 ppid=4101 pid=4242" + IDS
                + " comm=\"connect-once\" exe=\"/tmp/runwall-attribution-abCD/connect-once\" key=\"runwall:77:123\"");
        add(AuditRecord.PROCTITLE, PROCTITLE);
        add(AuditRecord.EOE, "");
        assembler = parsed.equals("agent")
                ? new EventAssembler(Duration.ofMillis(500), 10_000,
                        Set.of(AuditRecord.SYSCALL, AuditRecord.SOCKADDR, AuditRecord.EXECVE), this::read)
                : new EventAssembler(Duration.ofMillis(500), 10_000, this::read);
    }

    private void add(int type, String body) {
        types.add(type);
        bodies.add(body);
    }

    /** What the agent's router reads of an event. */
    private void read(AuditEvent event) {
        sink.consume(event.syscall());
        sink.consume(event.sockaddr());
        sink.consume(event.arguments());
    }

    /** One process: its 17 records as the reader gets them (serial numbers advance like the kernel's). */
    @Benchmark
    public void oneProcess() {
        long base = serial;
        serial += 4;
        long now = System.nanoTime();
        long event = base;
        for (int i = 0; i < types.size(); i++) {
            assembler.accept(types.get(i), "audit(1795636753.127:" + event + "): " + bodies.get(i), now);
            if (types.get(i) == AuditRecord.EOE) {
                event++;
            }
        }
    }
}
