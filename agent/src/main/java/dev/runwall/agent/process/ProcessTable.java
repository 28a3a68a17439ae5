package dev.runwall.agent.process;

import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every process of the host the agent knows about, fed by audit execve/exit records (in the order the
 * kernel emitted them) and by procfs for processes that started before the agent or never called execve.
 *
 * <p>Each node links to its parent's node as it was when the process started, so the parent chain of any
 * event survives reparenting and pid reuse. An exited process stays findable by pid for {@code retention}
 * (or until its pid is reused), so a late event is still attributed; its node lives on as long as a
 * descendant needs it in its chain.
 *
 * <p>Threads: one writer (the audit reader) plus lookups from DNS and flow threads, which may add a process
 * from procfs. Mutations are serialised by the table's monitor; lookups by pid are lock-free.
 */
public final class ProcessTable {
    public static final long UNKNOWN_START = -1;
    private static final int MAX_DEPTH = 128;

    /** Told about every process the table adds, every execve and every exit it sees. */
    public interface Listener {
        default void added(ProcessNode node) {}

        default void execed(ProcessNode node) {}

        default void exited(ProcessNode node) {}
    }

    private final ProcFs proc;
    private final ExecutableHashes hashes;
    private final Duration retention;
    private final Map<Integer, ProcessNode> byPid = new ConcurrentHashMap<>();
    private final Deque<ProcessNode> exitedOrder = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder fromProcfs = new LongAdder();
    private final AuditProgress progress = new AuditProgress();
    private final ProcessImages images;
    private final LongAdder fromAudit = new LongAdder();

    /** @param retention how long an exited process stays findable by its pid */
    public ProcessTable(ProcFs proc, ExecutableHashes hashes, Duration retention) {
        this.proc = proc;
        this.images = new ProcessImages(proc);
        this.hashes = hashes;
        this.retention = retention;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Adds every process procfs shows now (done once, after the audit subscription started: no gap). */
    public synchronized void seed() {
        for (int pid : proc.pidsDescending()) {
            if (!byPid.containsKey(pid)) {
                fromProcfs(pid, Instant.now());
            }
        }
    }

    /** A successful execve: a new process, or a new program in a known one. */
    public synchronized ProcessNode exec(ProcessSighting s) {
        ProcessNode known = byPid.get(s.pid());
        Optional<ProcStat> stat = images.statOf(s.pid(), s.ppid());
        ProcessImage image = images.fromRecord(s, known, stat);
        if (known != null && sameProcess(known, s)) {
            known.image(image);
            hashes.request(s.pid(), s.exe());
            listeners.forEach(l -> l.execed(known));
            return known;
        }
        ProcessNode node = add(s.pid(), s.ppid(), parentFor(s.ppid(), s.time()),
                stat.map(ProcStat::startTime).orElse(UNKNOWN_START), image, s.time());
        // hashed when a process starts running it (processes older than the agent: when described)
        hashes.request(s.pid(), s.exe());
        fromAudit.increment();
        listeners.forEach(l -> l.execed(node));
        return node;
    }

    /** A process seen in a syscall record: the known node, or a new one (a child that never called execve). */
    public synchronized ProcessNode observe(ProcessSighting s) {
        ProcessNode known = byPid.get(s.pid());
        if (known != null && sameProcess(known, s)) {
            return known;
        }
        Optional<ProcStat> stat = images.statOf(s.pid(), s.ppid());
        ProcessNode node = add(s.pid(), s.ppid(), parentFor(s.ppid(), s.time()),
                stat.map(ProcStat::startTime).orElse(UNKNOWN_START), images.fromRecord(s, null, stat), s.time());
        fromAudit.increment();
        return node;
    }

    /**
     * The process of {@code parent} forked {@code childPid} (clone, fork, vfork): the child starts as a copy of
     * its parent (same program, cgroup and session) and keeps this parent in its chain whatever happens next.
     */
    public synchronized ProcessNode fork(ProcessSighting parent, int childPid, Instant at) {
        ProcessNode forker = observe(parent);
        ProcessNode known = byPid.get(childPid);
        if (known != null && !known.exited() && known.ppid() == parent.pid()) {
            return known; // its execve (or a syscall) was delivered first
        }
        ProcessImage image = forker.image();
        long start = proc.stat(childPid).filter(s -> s.ppid() == parent.pid()).map(ProcStat::startTime).orElse(UNKNOWN_START);
        ProcessNode child = add(childPid, parent.pid(), forker, start, image, at);
        fromAudit.increment();
        return child;
    }

    /** exit_group of {@code pid}, with the status it passed. */
    public synchronized Optional<ProcessNode> exit(int pid, Integer code, Instant at) {
        ProcessNode node = byPid.get(pid);
        if (node == null || node.exited()) {
            return Optional.empty();
        }
        markExited(node, at, code);
        return Optional.of(node);
    }

    /** The audit stream has been read up to an event of time {@code eventTime} (called by the reader). */
    public void observed(Instant eventTime) {
        progress.observed(eventTime);
    }

    /**
     * Waits until the table has seen the audit records of everything up to {@code moment}, or the stream has
     * been quiet for a moment (then nothing is pending), at most {@code max}. A lookup made right after a
     * process started (a DNS query) then finds the process with the parents that started it, instead of
     * the reparented view procfs gives of a daemon whose parent exited.
     *
     * @return false when {@code max} ran out first
     */
    public boolean awaitObserved(Instant moment, Duration max) {
        return progress.await(moment, max);
    }

    /** How {@link #awaitObserved} makes the audit reader take what is queued at once, not after its nap. */
    public void hurryAuditWith(Runnable hurry) {
        progress.hurryWith(hurry);
    }

    /** The process now (or most recently) known under {@code pid}. */
    public Optional<ProcessNode> current(int pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /**
     * The node of the process procfs identifies by pid and start time, adding it (and its unknown
     * ancestors) from procfs when the table does not know it yet.
     */
    public Optional<ProcessNode> find(ProcStat stat) {
        ProcessNode known = byPid.get(stat.pid());
        if (known != null && matches(known, stat)) {
            known.startTime(stat.startTime());
            return Optional.of(known);
        }
        synchronized (this) {
            known = byPid.get(stat.pid());
            if (known != null && matches(known, stat)) {
                return Optional.of(known);
            }
            return Optional.ofNullable(fromProcfs(stat.pid(), Instant.now()))
                    .filter(n -> n.startTime() == stat.startTime());
        }
    }

    /** The process itself, then its parents, nearest first, as far as known. */
    public static List<ProcessNode> chain(ProcessNode node) {
        List<ProcessNode> chain = new ArrayList<>();
        for (ProcessNode n = node; n != null && chain.size() < MAX_DEPTH; n = n.parent()) {
            chain.add(n);
        }
        return chain;
    }

    /**
     * Forgets exited processes older than the retention (if their pid was not reused meanwhile), and marks
     * as exited the processes procfs no longer shows (killed by a signal: no exit_group record).
     */
    public synchronized void sweep(Instant now) {
        while (!exitedOrder.isEmpty() && exitedOrder.peekFirst().exitedAt().plus(retention).isBefore(now)) {
            ProcessNode old = exitedOrder.pollFirst();
            byPid.remove(old.pid(), old);
        }
        for (ProcessNode n : List.copyOf(byPid.values())) {
            if (!n.exited() && n.seenAt().plusSeconds(1).isBefore(now) && !alive(n)) {
                markExited(n, now, null);
            }
        }
    }

    public int size() {
        return byPid.size();
    }

    /** Processes added from audit records, and from procfs. */
    public long addedFromAudit() {
        return fromAudit.sum();
    }

    public long addedFromProcfs() {
        return fromProcfs.sum();
    }

    public ExecutableHashes hashes() {
        return hashes;
    }

    ProcFs proc() {
        return proc;
    }

    private ProcessNode add(int pid, int ppid, ProcessNode parent, long start, ProcessImage image, Instant at) {
        ProcessNode previous = byPid.get(pid);
        if (previous != null && !previous.exited()) {
            markExited(previous, at, null); // its exit was not seen (a signal), yet the pid is in use again
        }
        ProcessImage withCgroup = image.cgroup() != null || parent == null ? image
                : image.inCgroup(parent.image().cgroup(), parent.image().container());
        ProcessNode node = new ProcessNode(pid, ppid, parent, start, withCgroup, at);
        byPid.put(pid, node);
        listeners.forEach(l -> l.added(node));
        return node;
    }

    private void markExited(ProcessNode node, Instant at, Integer code) {
        node.exited(at, code);
        exitedOrder.addLast(node);
        listeners.forEach(l -> l.exited(node));
    }

    /** The parent of a process starting now: the known node, else read from procfs, else unknown. */
    private ProcessNode parentFor(int ppid, Instant at) {
        if (ppid <= 0) {
            return null;
        }
        ProcessNode known = byPid.get(ppid);
        return known != null ? known : fromProcfs(ppid, at);
    }

    /** Adds {@code pid} and its unknown ancestors from procfs; null when the process is gone. */
    private ProcessNode fromProcfs(int pid, Instant at) {
        List<ProcStat> missing = new ArrayList<>();
        ProcessNode top = null;
        for (int p = pid; p > 0 && missing.size() < MAX_DEPTH; ) {
            ProcessNode known = byPid.get(p);
            if (!missing.isEmpty() && known != null && !known.exited()) {
                top = known; // the first pid is always read afresh: the caller found no matching node for it
                break;
            }
            Optional<ProcStat> stat = proc.stat(p);
            if (stat.isEmpty()) {
                break;
            }
            missing.add(stat.get());
            p = stat.get().ppid() == p ? 0 : stat.get().ppid();
        }
        ProcessNode node = top;
        for (int i = missing.size() - 1; i >= 0; i--) {
            ProcStat s = missing.get(i);
            node = add(s.pid(), s.ppid(), node, s.startTime(), images.fromProcfs(s), at);
            fromProcfs.increment();
        }
        return missing.isEmpty() ? null : node;
    }

    /**
     * Whether a record of {@code s} is about the process {@code known} (an execve keeps the pid) rather than a
     * new process that got the same pid: a different parent means a new process, unless the known one was
     * reparented because its parent exited; a record after the known one's exit means a new process.
     */
    private static boolean sameProcess(ProcessNode known, ProcessSighting s) {
        if (known.exited()) {
            // an event of the process delivered after its exit (the reader completes an event whose end record
            // was lost by timeout, so events can arrive out of order): same parent and not later than the exit
            return known.ppid() == s.ppid() && !s.time().isAfter(known.exitedAt());
        }
        return known.ppid() == s.ppid() || known.parent() == null || known.parent().exited();
    }

    private static boolean matches(ProcessNode known, ProcStat stat) {
        return known.startTime() == stat.startTime()
                || (known.startTime() == UNKNOWN_START && !known.exited());
    }

    private boolean alive(ProcessNode n) {
        Optional<ProcStat> now = proc.stat(n.pid());
        return now.isPresent() && (n.startTime() == UNKNOWN_START || now.get().startTime() == n.startTime());
    }
}
