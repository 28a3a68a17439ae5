package dev.runwall.agent.process;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One process (one pid during one lifetime) in the {@link ProcessTable}. The parent is a reference to the
 * parent's node as it was when this process started, not a pid: after the parent exits (and the child is
 * reparented to init or a subreaper), and even after the parent's pid is reused, the chain still leads to
 * the processes that actually started this one.
 */
public final class ProcessNode {
    private final int pid;
    private final int ppid;
    private final ProcessNode parent;
    private final Instant seenAt;
    private volatile long startTime;
    private volatile ProcessImage image;
    private volatile Instant exitedAt;
    private volatile Integer exitCode;
    private final AtomicReference<Object> stepMark = new AtomicReference<>();

    ProcessNode(int pid, int ppid, ProcessNode parent, long startTime, ProcessImage image, Instant seenAt) {
        this.pid = pid;
        this.ppid = ppid;
        this.parent = parent;
        this.startTime = startTime;
        this.image = image;
        this.seenAt = seenAt;
    }

    public int pid() {
        return pid;
    }

    /** The parent pid when the process started (before any reparenting). */
    public int ppid() {
        return ppid;
    }

    /** The parent's node, or null at the top of what is known (pid 1, or a process seen without its parent). */
    public ProcessNode parent() {
        return parent;
    }

    /** Start time in clock ticks since boot, or {@link ProcessTable#UNKNOWN_START}. */
    public long startTime() {
        return startTime;
    }

    public ProcessImage image() {
        return image;
    }

    public Instant seenAt() {
        return seenAt;
    }

    /** When the process exited, or null while it runs (or its exit was not seen yet). */
    public Instant exitedAt() {
        return exitedAt;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public boolean exited() {
        return exitedAt != null;
    }

    /**
     * A mark the step resolvers put on a node (a step identity read from its environment); set once.
     *
     * @return the mark now on the node: {@code mark} or the one that was there first
     */
    public Object markStep(Object mark) {
        return stepMark.compareAndExchange(null, mark) == null ? mark : stepMark.get();
    }

    public Object stepMark() {
        return stepMark.get();
    }

    void startTime(long ticks) {
        if (startTime == ProcessTable.UNKNOWN_START) {
            startTime = ticks;
        }
    }

    void image(ProcessImage replacement) {
        image = replacement;
    }

    void exited(Instant at, Integer code) {
        if (exitedAt == null) {
            exitCode = code;
            exitedAt = at;
        }
    }

    @Override
    public String toString() {
        return "ProcessNode[" + pid + " " + image.name() + " ppid=" + ppid + (exited() ? " exited" : "") + "]";
    }
}
