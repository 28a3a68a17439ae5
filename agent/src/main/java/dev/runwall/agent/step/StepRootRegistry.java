package dev.runwall.agent.step;

import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessLineage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Step attribution under {@code runwall run}: every step is started by Runwall itself as a direct child of
 * the runner process, so a process belongs to the step whose root is its ancestor — also after the step
 * ended (a background process). Roots are identified by pid and start time, so a reused pid never matches.
 *
 * <p>A step's root is registered right after it was started; a query made in the microseconds before that
 * waits (bounded) for the registration instead of being misattributed.
 */
public final class StepRootRegistry implements StepResolver {
    /** Start time of a root that exited before it could be read. */
    public static final long UNKNOWN_START = -1;

    private record Root(String stepId, long startTime) {}

    private final int runnerPid;
    private final Duration registrationWait;
    private final Map<Integer, Root> roots = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition registered = lock.newCondition();
    private int starting;

    /**
     * @param runnerPid the process whose direct children are step roots (the runwall process)
     * @param registrationWait how long a lookup waits for a root that has not been registered yet
     */
    public StepRootRegistry(int runnerPid, Duration registrationWait) {
        this.runnerPid = runnerPid;
        this.registrationWait = registrationWait;
    }

    /**
     * A step's root is about to be started: until it is registered (or its start failed), a lookup of a
     * child of the runner that is not a known root waits for it. Without a start in progress nothing waits:
     * a child of the runner that is no step (a helper process) is simply in no step.
     */
    public void starting() {
        lock.lock();
        try {
            starting++;
        } finally {
            lock.unlock();
        }
    }

    /** The start announced by {@link #starting()} failed: there is nothing to wait for. */
    public void startFailed() {
        lock.lock();
        try {
            starting = Math.max(0, starting - 1);
            registered.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records that {@code pid} (started at {@code startTime}, in clock ticks) is the root of {@code stepId}. */
    public void register(String stepId, int pid, long startTime) {
        lock.lock();
        try {
            roots.put(pid, new Root(stepId, startTime));
            starting = Math.max(0, starting - 1);
            registered.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> stepOf(ProcessLineage lineage) {
        ProcStat root = null;
        for (ProcStat s : lineage.chain()) {
            if (s.ppid() == runnerPid) {
                root = s;
                break;
            }
        }
        if (root == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + registrationWait.toNanos();
        lock.lock();
        try {
            while (true) {
                Root r = roots.get(root.pid());
                // a chain from the process table may not know a start time (the process was gone when its
                // execve record was read); the ppid == runner check above already makes it a root of ours
                if (r != null && (r.startTime() == root.startTime() || r.startTime() == UNKNOWN_START
                        || root.startTime() == UNKNOWN_START)) {
                    return Optional.of(r.stepId());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || starting == 0) {
                    return Optional.empty(); // no step is being started: this child of the runner is no step
                }
                registered.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}
