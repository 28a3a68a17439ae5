package dev.runwall.agent.correlate;

import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.agent.step.CausalSteps;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.ProcessInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Joins the flows the kernel firewall logs (NFLOG) with the syscalls audit reports (connect, sendto,
 * sendmsg, sendmmsg with a destination address) into one attributed connection per flow: the process
 * that made the call, its parents, and its step (causally, from the process table). A flow that no syscall
 * explains is reported with the reason and counted.
 *
 * <p>The packet of a TCP connect or a UDP send leaves during the syscall, and the syscall's audit record
 * is written when it returns, so a flow usually arrives first: {@link #correlate} waits for its syscall,
 * at most {@code wait}. Flows are matched by destination (an IPv4-mapped IPv6 destination is its IPv4
 * flow), oldest syscall first (see {@link SyscallIndex}); a repeated log of the same flow (a retransmitted
 * SYN) gets the first answer again.
 *
 * <p>Threads: {@link #accept} runs on the audit reader's thread; {@link #correlate} on any thread (a virtual
 * thread per flow); one lock guards the index, the waiting flows and the recent flows.
 */
public final class FlowCorrelator implements Consumer<SyscallSighting> {
    private record FiveTuple(String protocol, InetSocketAddress source, InetSocketAddress destination) {}

    private record Waiter(FlowSighting flow, CompletableFuture<SyscallIndex.Entry> answer) {}

    private static final int RECENT_FLOWS = 16_384;

    private final CausalSteps steps;
    private final ExecutableHashes hashes;
    private final Duration window;
    private final Duration wait;
    private final LongSupplier auditLost;
    private final boolean auditActive;
    private final ReentrantLock lock = new ReentrantLock();
    private final SyscallIndex index;
    private final Map<InetSocketAddress, Deque<Waiter>> waiting = new HashMap<>();
    private final LinkedHashMap<FiveTuple, Correlation> recent = new LinkedHashMap<>(1024, 0.75f, false);
    private final CorrelatorCounters counters = new CorrelatorCounters();
    private Instant lastExpiry = Instant.EPOCH;

    /**
     * @param window how long a syscall may explain a later flow (a connected UDP socket sends long after
     *     its connect), and how long a flow is remembered against repeated logs
     * @param wait how long a flow waits for its syscall record
     * @param auditLost audit events lost so far (named in the reason of an unexplained flow)
     * @param auditActive false when audit is not available: every flow is then unexplained, saying why
     */
    public FlowCorrelator(CausalSteps steps, ExecutableHashes hashes, Duration window, Duration wait,
            LongSupplier auditLost, boolean auditActive) {
        this.steps = steps;
        this.hashes = hashes;
        this.window = window;
        this.wait = wait;
        this.auditLost = auditLost;
        this.auditActive = auditActive;
        this.index = new SyscallIndex(window);
    }

    /** A syscall that may explain a flow (from the audit subscription). */
    @Override
    public void accept(SyscallSighting s) {
        CompletableFuture<SyscallIndex.Entry> handOver = null;
        SyscallIndex.Entry entry = null;
        lock.lock();
        try {
            counters.syscalls.increment();
            if (!index.add(s)) {
                counters.syscallsWithoutPacket.increment();
                return;
            }
            Deque<Waiter> q = waiting.get(SyscallIndex.key(s.destination()));
            while (q != null && !q.isEmpty() && handOver == null) {
                Waiter w = q.pollFirst();
                Optional<SyscallIndex.Entry> taken = index.take(w.flow());
                if (taken.isPresent()) {
                    handOver = w.answer();
                    entry = taken.get();
                }
            }
            expire(s.time());
        } finally {
            lock.unlock();
        }
        if (handOver != null) {
            handOver.complete(entry);
        }
    }

    /** Explains a flow: waits (at most {@code wait}) for its syscall when it is not there yet. */
    public Correlation correlate(FlowSighting flow) {
        FiveTuple tuple = new FiveTuple(flow.protocol(), flow.source(), flow.destination());
        CompletableFuture<SyscallIndex.Entry> answer;
        SyscallIndex.Entry found = null;
        lock.lock();
        try {
            Correlation again = recent.get(tuple);
            if (again != null) {
                counters.repeated.increment();
                return again.repeated();
            }
            found = index.take(flow).orElse(null);
            answer = found != null ? null : new CompletableFuture<>();
            if (answer != null) {
                waiting.computeIfAbsent(SyscallIndex.key(flow.destination()), k -> new ArrayDeque<>())
                        .addLast(new Waiter(flow, answer));
            }
        } finally {
            lock.unlock();
        }
        boolean reused = false;
        if (found == null) {
            found = await(answer);
            if (found == null) {
                lock.lock();
                try {
                    Deque<Waiter> q = waiting.get(SyscallIndex.key(flow.destination()));
                    if (q != null) {
                        q.removeIf(w -> w.answer() == answer);
                    }
                    found = index.reuse(flow).orElse(null);
                    reused = found != null;
                } finally {
                    lock.unlock();
                }
            }
        }
        // the process and its step are worked out outside the lock: a step lookup may wait for a step root
        Correlation c = found == null ? unexplained() : explained(found, reused);
        lock.lock();
        try {
            return remember(tuple, c);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The hook for the firewall's connection recorder: {@code event} (built from a logged packet sent from
     * {@code source}) with its process, step, or the reason it is unexplained.
     */
    public ConnectionEvent attribute(ConnectionEvent event, InetSocketAddress source) {
        FlowSighting flow = new FlowSighting(event.time(), event.protocol(), source,
                new InetSocketAddress(java.net.InetAddress.ofLiteral(event.ip()), event.port()),
                "forward".equals(event.path()));
        Correlation c = correlate(flow);
        ConnectionEvent attributed = event.attributed(c.step(), c.process(), c.unexplained());
        // the kernel logs packets in batches and an output packet has no timestamp of its own: its event's time
        // is when the batch came, milliseconds late. The syscall's time is when the call was made, and keeps
        // a step's last call before the step's end (BackgroundCalls)
        return c.called() != null && c.called().isBefore(event.time()) ? attributed.at(c.called()) : attributed;
    }

    /** For the agent's events: flows explained, unexplained, syscalls never matched. */
    public Map<String, Long> counters() {
        lock.lock();
        try {
            return counters.asMap(index.size());
        } finally {
            lock.unlock();
        }
    }

    private SyscallIndex.Entry await(CompletableFuture<SyscallIndex.Entry> answer) {
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Correlation explained(SyscallIndex.Entry e, boolean reused) {
        (reused ? counters.explainedByEarlierSyscall : counters.explained).increment();
        SyscallSighting s = e.sighting;
        ProcessInfo process = ProcessViews.info(s.node(), s.image(), hashes);
        return new Correlation(process, steps.stepOf(s.node()).orElse(null), null, reused ? null : s.time());
    }

    private Correlation unexplained() {
        counters.unexplained.increment();
        if (!auditActive) {
            return new Correlation(null, null, "kernel audit is not available to this agent, so no syscall can explain a flow",
                    null);
        }
        long lost = auditLost.getAsLong();
        return new Correlation(null, null, "no audited connect/sendto/sendmsg to this address within "
                + wait.toMillis() + " ms of the flow" + (lost > 0 ? " (audit lost " + lost + " events)"
                        : ": a sender that started before the agent, or a call audit does not see (io_uring)"), null);
    }

    /** Remembers the answer for repeated logs of the same flow; the oldest go first beyond a bound. */
    private Correlation remember(FiveTuple tuple, Correlation c) {
        recent.put(tuple, c);
        while (recent.size() > RECENT_FLOWS) {
            recent.pollFirstEntry();
        }
        return c;
    }

    /** Drops what is older than the window, at most once a second. */
    private void expire(Instant now) {
        if (now.isBefore(lastExpiry.plusSeconds(1))) {
            return;
        }
        lastExpiry = now;
        counters.syscallsUnmatched.add(index.expire(now));
    }
}
