package dev.runwall.bench.attribution;

import dev.runwall.agent.audit.AuditRuleGroup;
import dev.runwall.agent.report.ReportWriter;
import dev.runwall.agent.step.StepSpec;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.report.Report;
import dev.runwall.sandbox.FlowLogNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribution under load and its cost (bench/attribution/run.sh runs it; see docs/benchmarks.md).
 *
 * <pre>
 * load RATE SECONDS WORK     RATE short-lived connecting processes a second for SECONDS, in three steps:
 *                            fraction attributed to the right process (pid) and step, events lost
 * overhead JOB REPEATS WORK [fresh|floor[=GROUPS]]
 *                            wall time of JOB (connect | cpu | build) with the attribution stack against
 *                            without, alternating, REPEATS times each: medians and ratio; with "fresh", the
 *                            stack runs in a new JVM for every run, as the agent does for every CI job; with
 *                            "floor", only our audit rules and a reader that drops every event run: what any
 *                            audit-based agent costs at least; "floor=network,exec" loads only those groups of
 *                            our rules (network, exec, exit, fork), to see what each costs
 * agent NETNS GROUP EVENTS   (for "fresh") the stack alone, in this JVM, until a line on standard input
 * </pre>
 * WORK holds the compiled helpers (connect-once, spawn-at-rate) and the results.
 */
public final class AttributionBench {
    private record Spawned(int pid, String step) {}

    private AttributionBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("load")) {
            load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if ((args.length == 4 || args.length == 5 && args[4].matches("fresh|floor(=[A-Za-z,]+)?"))
                && args[0].equals("overhead")) {
            Overhead.Mode mode = args.length == 4 ? Overhead.Mode.IN_PROCESS
                    : args[4].equals("fresh") ? Overhead.Mode.FRESH : Overhead.Mode.FLOOR;
            Set<AuditRuleGroup> floorRules = EnumSet.allOf(AuditRuleGroup.class);
            if (args.length == 5 && args[4].startsWith("floor=")) {
                try {
                    floorRules = AuditRuleGroup.parse(args[4].substring("floor=".length()));
                } catch (IllegalArgumentException e) {
                    System.err.println("bench: " + e.getMessage());
                    System.exit(2);
                }
            }
            Overhead.run(args[1], Integer.parseInt(args[2]), Path.of(args[3]), mode, floorRules);
        } else if (args.length == 4 && args[0].equals("agent")) {
            AgentProcess.serve(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            System.err.println("usage: AttributionBench load RATE SECONDS WORK"
                    + " | overhead connect|cpu|build REPEATS WORK [fresh|floor[=GROUPS]]"
                    + " | agent NETNS GROUP EVENTS");
            System.exit(2);
        }
    }

    static void load(int rate, int seconds, Path work) throws Exception {
        Path events = work.resolve("load-" + rate + "/events.jsonl");
        Files.createDirectories(events.getParent());
        Files.deleteIfExists(events);
        int perStep = seconds / 3;
        List<Path> pidFiles = new ArrayList<>();
        double wall;
        try (FlowLogNetwork net = FlowLogNetwork.create("rwab", 210); AttributionStack stack = new AttributionStack(net, events)) {
            List<StepSpec> steps = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                Path pids = events.resolveSibling("pids-" + (s + 1) + ".txt");
                pidFiles.add(pids);
                steps.add(StepSpec.command("load " + (s + 1), List.of("ip", "netns", "exec", net.runner(),
                        work.resolve("spawn-at-rate").toString(), work.resolve("connect-once").toString(),
                        Integer.toString(rate), Integer.toString(perStep), net.peerV4(), net.peerV6(),
                        Integer.toString(1024 + s * rate * perStep), pids.toString())));
            }
            long t0 = System.nanoTime();
            stack.attribution.jobRunner(stack.log, work, work, Clock.systemUTC()).run(steps);
            wall = (System.nanoTime() - t0) / 1e9;
            stack.drain();
            System.out.printf("load rate=%d: job %.1f s, %d flows logged, nflog lost %d, correlator %s%n", rate, wall,
                    stack.flows.get(), stack.nflogLost(), stack.correlator.counters());
        }
        Report report = ReportWriter.write(events, events.getParent(), "load-" + rate);
        Map<Integer, Spawned> spawned = new HashMap<>();
        for (int s = 0; s < 3; s++) {
            for (String line : Files.readAllLines(pidFiles.get(s))) {
                String[] f = line.split(" ");
                spawned.put(Integer.parseInt(f[0]), new Spawned(Integer.parseInt(f[1]), "step-" + (s + 1)));
            }
        }
        Map<Integer, ConnectionEvent> byPort = new HashMap<>();
        for (Event e : report.events()) {
            if (e instanceof ConnectionEvent c) {
                byPort.putIfAbsent(c.port(), c);
            }
        }
        long present = 0;
        long rightStep = 0;
        long rightProcess = 0;
        for (var x : spawned.entrySet()) {
            ConnectionEvent c = byPort.get(x.getKey());
            if (c == null) {
                continue;
            }
            present++;
            rightStep += x.getValue().step().equals(c.step()) ? 1 : 0;
            rightProcess += c.process() != null && c.process().pid() == x.getValue().pid() ? 1 : 0;
        }
        long n = spawned.size();
        // achieved: the spawner falls behind its schedule when the machine cannot start processes that fast
        System.out.printf("RESULT load rate=%d seconds=%d processes=%d achieved=%.0f/s events=%d missing=%d "
                        + "rightStep=%.4f rightProcess=%.4f unexplained=%d auditLost=%d nflogLost=%d%n",
                rate, seconds, n, n / wall, present, n - present, rightStep / (double) n,
                rightProcess / (double) n, report.loss().unexplainedFlows(), report.loss().auditLost(),
                report.loss().nflogLost());
    }
}
