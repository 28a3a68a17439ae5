package dev.runwall.bench.attribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of this JVM's threads by name, from {@code /proc/self/task}: unlike the JVM's
 * thread bean it includes the JIT compilers and the GC. Threads of one pool (names ending in digits) are
 * summed; a thread that ended between two snapshots is missing from the later one.
 */
final class ThreadCpu {
    private static final double TICKS = 100.0; // USER_HZ

    private ThreadCpu() {}

    static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    seconds.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    /**
     * CPU time of the kernel's audit thread ({@code kauditd}), which formats and sends the records of every
     * audited syscall on the host: a cost of audit that neither the job nor the agent is charged with.
     * 0 when there is no such thread (audit not in the kernel, or this JVM in a pid namespace of its own).
     */
    static double kauditd() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).mapToDouble(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!stat.contains(" (kauditd) ") || !f[1].equals("2")) { // a kernel thread: kthreadd's child
                        return 0;
                    }
                    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
                } catch (IOException | RuntimeException e) {
                    return 0; // the process ended meanwhile
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code after - before} per name, largest first, as "name 1.23s" (threads that started in between included). */
    static String delta(Map<String, Double> before, Map<String, Double> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.2fs", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
