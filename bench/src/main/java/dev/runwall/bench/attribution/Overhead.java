package dev.runwall.bench.attribution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Wall time of a job with the attribution stack running against without it, alternating. */
final class Overhead {
    private Overhead() {}

    static void run(String job, int repeats, Path work) throws Exception {
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        try (BenchNetwork net = BenchNetwork.create(true)) {
            List<String> command = command(job, net, work);
            timed(command); // warm caches (page cache, the compiler)
            for (int i = 0; i < repeats; i++) {
                without.add(timed(command));
                try (AttributionStack stack = new AttributionStack(net, work.resolve("overhead-" + job + "-" + i + ".jsonl"))) {
                    with.add(timed(command));
                    stack.drain();
                }
            }
        }
        double a = median(with);
        double b = median(without);
        System.out.printf("RESULT overhead job=%s repeats=%d with=%.2fs without=%.2fs ratio=%.3f (with %s, without %s)%n",
                job, repeats, a, b, a / b, with, without);
    }

    private static List<String> command(String job, BenchNetwork net, Path work) {
        String script = switch (job) {
            // 3,000 processes, each one connection, four at a time: the worst case for attribution
            case "connect" -> "seq 20000 22999 | xargs -P 4 -n 1 " + work.resolve("connect-once") + " tcp "
                    + BenchNetwork.PEER_V4;
            // a CPU-bound build: 12 compiler runs (cc1, as, ld: a few execs each, seconds of CPU)
            case "cpu" -> "for i in $(seq 12); do gcc -O2 -o " + work.resolve("build-out") + " "
                    + work.resolve("spawn-at-rate.c") + " || exit 1; done";
            default -> throw new IllegalArgumentException("job is connect or cpu, not " + job);
        };
        return List.of("ip", "netns", "exec", net.runner, "bash", "-c", script);
    }

    private static double timed(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("job failed or timed out: " + command);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
