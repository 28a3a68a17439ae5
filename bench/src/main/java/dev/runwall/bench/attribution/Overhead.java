package dev.runwall.bench.attribution;

import dev.runwall.agent.audit.AuditRuleGroup;
import dev.runwall.sandbox.FlowLogNetwork;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job with the attribution stack running against without it, alternating: wall time, and CPU time (the
 * job's processes, user + system, which includes the kernel's audit work in their syscalls; with the
 * stack also the agent's own CPU). On a shared machine the wall time moves with everyone else's load; the
 * CPU time does not.
 */
final class Overhead {
    /**
     * @param audited network syscalls the agent read during the run: the job's, plus any of other work on the host
     * @param kauditd CPU of the kernel's audit thread during the run (host-wide)
     */
    private record Run(double wall, double jobCpu, double agentCpu, long audited, double kauditd) {
        Run withAgent(double cpu, long auditedSyscalls, double kauditdCpu) {
            return new Run(wall, jobCpu, cpu, auditedSyscalls, kauditdCpu);
        }
    }

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    private Overhead() {}

    private static String label(Mode mode, Set<AuditRuleGroup> floorRules) {
        if (mode != Mode.FLOOR || floorRules.equals(EnumSet.allOf(AuditRuleGroup.class))) {
            return mode.label;
        }
        return " (only the audit rules " + floorRules.toString().toLowerCase(Locale.ROOT) + " and a dropping reader)";
    }

    /** Where the "with" runs' agent runs, and how much of it. */
    enum Mode {
        /** the stack in this JVM, whose code earlier runs have compiled */
        IN_PROCESS(""),
        /** the stack in a new JVM for every run ({@link AgentProcess}), as on a runner */
        FRESH(" (a fresh agent JVM per run)"),
        /** only our audit rules and a reader that drops every event ({@link AuditFloor}): the floor */
        FLOOR(" (audit rules and a dropping reader only: the floor)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** @param floorRules with {@link Mode#FLOOR}, the groups of our audit rules loaded (all: the agent's) */
    static void run(String job, int repeats, Path work, Mode mode, Set<AuditRuleGroup> floorRules) throws Exception {
        List<Run> with = new ArrayList<>();
        List<Run> without = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (FlowLogNetwork net = FlowLogNetwork.create("rwab", 210)) {
            List<String> command = command(job, net, work);
            timed(command, 0); // warm caches (page cache, the compiler)
            for (int i = 0; i < repeats; i++) {
                double k0 = ThreadCpu.kauditd();
                Run plain = timed(command, 0);
                without.add(plain.withAgent(0, 0, ThreadCpu.kauditd() - k0));
                Path events = work.resolve("overhead-" + job + "-" + i + ".jsonl");
                if (mode == Mode.FRESH) {
                    try (AgentProcess agent = AgentProcess.start(net, events)) {
                        double k1 = ThreadCpu.kauditd();
                        Run r = timed(command, 0);
                        AgentProcess.Cost cost = agent.finish();
                        with.add(r.withAgent(cost.cpuSeconds(), cost.audited(), ThreadCpu.kauditd() - k1));
                        System.out.printf("run %d agent JVM: %.2f s CPU to start, then %.2f s: %s%n", i,
                                cost.startCpuSeconds(), cost.cpuSeconds(), cost.threads());
                    }
                    continue;
                }
                try (InProcessAgent agent = mode == Mode.FLOOR ? new AuditFloor(floorRules) : new AttributionStack(net, events)) {
                    double k1 = ThreadCpu.kauditd(); // before the CPU snapshot: its /proc scan is not the agent's
                    Map<String, Double> threads0 = ThreadCpu.snapshot();
                    long cpu0 = os.getProcessCpuTime();
                    Run r = timed(command, 0);
                    agent.drain();
                    with.add(r.withAgent((os.getProcessCpuTime() - cpu0) / 1e9, agent.auditedNetworkSyscalls(),
                            ThreadCpu.kauditd() - k1));
                    System.out.printf("run %d %s threads: %s%n", i, mode == Mode.FLOOR ? "reader" : "agent",
                            ThreadCpu.delta(threads0, ThreadCpu.snapshot()));
                }
            }
        }
        double wallWith = median(with.stream().map(Run::wall).toList());
        double wallWithout = median(without.stream().map(Run::wall).toList());
        double cpuWith = median(with.stream().map(r -> r.jobCpu() + r.agentCpu()).toList());
        double jobCpuWith = median(with.stream().map(Run::jobCpu).toList());
        double cpuWithout = median(without.stream().map(Run::jobCpu).toList());
        System.out.printf("RESULT overhead job=%s%s repeats=%d wall with=%.2fs without=%.2fs ratio=%.3f | "
                        + "cpu job+agent with=%.2fs (job %.2fs) without=%.2fs ratio=%.3f | walls with %s without %s"
                        + " | agent cpu %s | audited network syscalls %s | kauditd cpu with %.2fs without %.2fs%n",
                job, label(mode, floorRules), repeats, wallWith, wallWithout, wallWith / wallWithout, cpuWith,
                jobCpuWith, cpuWithout, cpuWith / cpuWithout, with.stream().map(r -> String.format("%.2f", r.wall())).toList(),
                without.stream().map(r -> String.format("%.2f", r.wall())).toList(),
                with.stream().map(r -> String.format("%.2f", r.agentCpu())).toList(),
                with.stream().map(Run::audited).toList(), median(with.stream().map(Run::kauditd).toList()),
                median(without.stream().map(Run::kauditd).toList()));
    }

    private static List<String> command(String job, FlowLogNetwork net, Path work) {
        String script = switch (job) {
            // 10,000 processes, each one connection, four at a time: the worst case for attribution
            case "connect" -> "seq 20000 29999 | xargs -P 4 -n 1 " + work.resolve("connect-once") + " tcp "
                    + net.peerV4();
            // a CPU-bound build of 120 compiler runs
            case "cpu" -> build(120, work);
            // the same build five times as long (600 compiler runs), nearer a real CI build's length
            case "build" -> build(600, work);
            default -> throw new IllegalArgumentException("job is connect, cpu or build, not " + job);
        };
        return List.of("ip", "netns", "exec", net.runner(), "bash", "-c", script + "; times");
    }

    /** A CPU-bound build: {@code compilerRuns} compiler runs, two at a time (gcc, cc1, as, collect2, ld each). */
    private static String build(int compilerRuns, Path work) {
        return "seq " + compilerRuns + " | xargs -P 2 -I{} gcc -O2 -o " + work + "/build-out-{} "
                + work.resolve("spawn-at-rate.c");
    }

    private static Run timed(List<String> command, double agentCpu) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("job failed or timed out: " + command + "\n" + out);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String[] lines = out.strip().split("\n");
        Matcher m = TIMES.matcher(lines[lines.length - 1]); // bash's `times`: the children's user and system time
        if (!m.find()) {
            throw new IllegalStateException("no `times` output from the job: " + out);
        }
        double cpu = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
        return new Run(wall, cpu, agentCpu, 0, 0);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
