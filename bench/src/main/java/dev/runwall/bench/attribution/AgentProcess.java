package dev.runwall.bench.attribution;

import dev.runwall.sandbox.FlowLogNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The attribution stack in a JVM of its own, started for one job as the agent is on a runner: its JVM start,
 * class loading and JIT compilation count, where the in-process stack of {@link Overhead}'s default runs on
 * code that earlier runs compiled. The child prints {@code READY} once it runs, waits for a line on its
 * standard input, then waits until every flow is in its log and prints what it cost since {@code READY}.
 */
final class AgentProcess implements AutoCloseable {
    /** What the child used from READY to the end of its drain. */
    record Cost(double cpuSeconds, double startCpuSeconds, long audited, String threads) {}

    /** Bounds on the child: its start (the stack included), and its drain (flows settle for 2 s, then the report). */
    private static final int STARTUP_SECONDS = 120;
    private static final int DRAIN_SECONDS = 300;
    private final Process child;
    private final BufferedReader out;
    private final Writer in;

    private AgentProcess(Process child) {
        this.child = child;
        this.out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts a child JVM with this JVM's options and class path, and those in {@code BENCH_AGENT_JVM_OPTS};
     * returns once its stack runs. (So {@code BENCH_JVM_OPTS} reach the child too: a flight recording or a
     * log file named without {@code %p} would be written by both JVMs to one file.)
     */
    static AgentProcess start(FlowLogNetwork net, Path events) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String extra = System.getenv("BENCH_AGENT_JVM_OPTS"); // the agent JVM's only (e.g. an AOT cache)
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AttributionBench.class.getName(),
                "agent", net.runnerPath().toString(), Integer.toString(net.nflogGroup()), events.toString()));
        AgentProcess agent = new AgentProcess(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        String line = agent.lineWithin(STARTUP_SECONDS);
        if (!"READY".equals(line)) {
            agent.child.destroyForcibly();
            throw new IllegalStateException("the agent JVM did not start: " + line);
        }
        return agent;
    }

    /** The child's next line of output, or an exception when none comes within {@code seconds} (it hangs). */
    private String lineWithin(int seconds) throws IOException {
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
        try {
            return next.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            child.destroyForcibly(); // ends the read too
            throw new IOException("the agent JVM said nothing for " + seconds + " s; killed it");
        } catch (ExecutionException e) {
            throw new IOException("reading the agent JVM's output", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the agent JVM", e);
        }
    }

    /** Lets the child drain its flows, reads its cost, and waits for it to end. */
    Cost finish() throws IOException, InterruptedException {
        in.write("drain\n");
        in.flush();
        String line = lineWithin(DRAIN_SECONDS);
        if (line == null || !line.startsWith("COST ")) {
            throw new IllegalStateException("the agent JVM ended without its cost: " + line);
        }
        String[] f = line.split(" ", 5);
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the agent JVM did not end");
        }
        return new Cost(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]), f[4]);
    }

    @Override
    public void close() {
        child.destroyForcibly();
    }

    /** The child's side: runs the stack until told to drain, then prints {@code COST cpu startCpu audited threads}. */
    static void serve(Path runnerNamespace, int nflogGroup, Path events) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (AttributionStack stack = new AttributionStack(runnerNamespace, nflogGroup, events)) {
            Map<String, Double> threads0 = ThreadCpu.snapshot();
            long cpu0 = os.getProcessCpuTime();
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            stack.drain();
            System.out.printf(Locale.ROOT, "COST %.3f %.3f %d %s%n", (os.getProcessCpuTime() - cpu0) / 1e9,
                    cpu0 / 1e9, stack.auditedNetworkSyscalls(), ThreadCpu.delta(threads0, ThreadCpu.snapshot()));
            System.out.flush();
        }
    }
}
