package dev.runwall.agent.step;

import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reads the step identity of every child of the runner's worker from procfs as soon as it appears,
 * independently of the audit stream: a step process that runs for a few milliseconds may be gone by the
 * time its execve record is read when the host produces audit records faster than usual. Polls the
 * worker's {@code task/TID/children} files (every thread of the .NET worker may start a step).
 */
final class WorkerChildren implements AutoCloseable {
    private record Key(int pid, long startTime) {}

    private static final int MAX_KEPT = 4096;
    private final ProcFs proc;
    private final Set<String> workerNames;
    private final Duration interval;
    private final Map<Key, RunnerStepIdentity> identities = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    WorkerChildren(ProcFs proc, Set<String> workerNames, Duration interval) {
        this.proc = proc;
        this.workerNames = Set.copyOf(workerNames);
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("runwall-worker-children").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** The identity read for the worker child {@code pid}; its start time when known must match. */
    Optional<RunnerStepIdentity> identity(int pid, long startTime) {
        for (Map.Entry<Key, RunnerStepIdentity> e : identities.entrySet()) {
            if (e.getKey().pid() == pid && (startTime < 0 || e.getKey().startTime() == startTime)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private void loop() {
        List<Integer> workers = List.of();
        long scans = 0;
        while (!closed) {
            if (workers.isEmpty() || scans++ % 50 == 0) {
                workers = findWorkers(); // a worker starts once per job: look for it until found, then now and then
            }
            for (int worker : workers) {
                for (int child : children(worker)) {
                    read(child);
                }
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(int pid) {
        Optional<ProcStat> stat = proc.stat(pid);
        if (stat.isEmpty() || identities.containsKey(new Key(pid, stat.get().startTime()))) {
            return;
        }
        proc.environ(pid, "GITHUB_ACTION").ifPresent(action -> {
            if (identities.size() >= MAX_KEPT) {
                identities.clear();
            }
            identities.put(new Key(pid, stat.get().startTime()), new RunnerStepIdentity(action,
                    proc.environ(pid, "GITHUB_ACTION_REPOSITORY").orElse(""), proc.environ(pid, "GITHUB_ACTION_REF").orElse("")));
        });
    }

    private List<Integer> findWorkers() {
        return proc.pidsDescending().stream()
                .filter(pid -> proc.stat(pid).map(s -> workerNames.contains(s.comm())).orElse(false)).toList();
    }

    private Set<Integer> children(int pid) {
        Set<Integer> out = new HashSet<>();
        try (Stream<Path> tasks = Files.list(proc.root().resolve(pid + "/task"))) {
            for (Path t : tasks.toList()) {
                for (String c : Files.readString(t.resolve("children")).split(" ")) {
                    if (!c.isBlank() && c.strip().chars().allMatch(Character::isDigit) && c.strip().length() < 10) {
                        out.add(Integer.parseInt(c.strip()));
                    }
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // the worker or one of its threads is gone: nothing to read
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
