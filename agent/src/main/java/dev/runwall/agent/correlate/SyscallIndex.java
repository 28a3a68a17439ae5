package dev.runwall.agent.correlate;

import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.core.net.MappedAddresses;
import dev.runwall.linux.audit.Syscall;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Syscalls that may explain a flow, by destination, oldest first. Not thread-safe: the correlator holds
 * its lock around every call.
 *
 * <p>Which syscall explains which flow: the oldest one to the flow's destination not used yet, within the
 * window; a flow of the same process to the same destination made with sendto on a socket already seen
 * (one UDP flow, many datagrams) uses up that process's other sends with it. When every candidate is used,
 * the most recent one used for that destination explains the flow (a process opening a second socket to
 * the same place), counted apart.
 */
final class SyscallIndex {
    /** A connect or send that failed in a way that sends no packet explains no flow. */
    private static final Set<Long> NO_PACKET = Set.of(-101L, -97L, -22L, -9L, -88L, -99L, -106L, -114L);

    static final class Entry {
        final SyscallSighting sighting;
        boolean used;

        Entry(SyscallSighting sighting) {
            this.sighting = sighting;
        }
    }

    private final Duration window;
    private final Map<InetSocketAddress, Deque<Entry>> byDestination = new HashMap<>();
    private int size;

    SyscallIndex(Duration window) {
        this.window = window;
    }

    /** Adds a sighting; false when it cannot explain any flow (it sent nothing). */
    boolean add(SyscallSighting s) {
        if (NO_PACKET.contains(s.exit())) {
            return false;
        }
        Deque<Entry> q = byDestination.computeIfAbsent(key(s.destination()), k -> new ArrayDeque<>());
        q.addLast(new Entry(s));
        size++;
        return true;
    }

    /** Finds (and uses) the syscall that explains {@code flow}; empty when none does (yet). */
    Optional<Entry> take(FlowSighting flow) {
        Deque<Entry> q = byDestination.get(key(flow.destination()));
        if (q == null) {
            return Optional.empty();
        }
        Instant earliest = flow.time().minus(window);
        for (Entry e : q) {
            if (!e.used && !e.sighting.time().isBefore(earliest)) {
                use(e, q, flow);
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The most recent used syscall to the flow's destination within the window, for a flow none is left for. */
    Optional<Entry> reuse(FlowSighting flow) {
        Deque<Entry> q = byDestination.get(key(flow.destination()));
        if (q == null) {
            return Optional.empty();
        }
        Instant earliest = flow.time().minus(window);
        Iterator<Entry> newestFirst = q.descendingIterator();
        while (newestFirst.hasNext()) {
            Entry e = newestFirst.next();
            if (e.used && !e.sighting.time().isBefore(earliest)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Drops sightings older than the window before {@code now}.
     *
     * @return how many of them never explained a flow
     */
    long expire(Instant now) {
        Instant earliest = now.minus(window);
        long unused = 0;
        for (Iterator<Deque<Entry>> qs = byDestination.values().iterator(); qs.hasNext(); ) {
            Deque<Entry> q = qs.next();
            while (!q.isEmpty() && q.peekFirst().sighting.time().isBefore(earliest)) {
                unused += q.pollFirst().used ? 0 : 1;
                size--;
            }
            if (q.isEmpty()) {
                qs.remove();
            }
        }
        return unused;
    }

    int size() {
        return size;
    }

    private static void use(Entry chosen, Deque<Entry> q, FlowSighting flow) {
        chosen.used = true;
        if (!"udp".equals(flow.protocol()) || chosen.sighting.syscall() == Syscall.CONNECT) {
            return;
        }
        for (Entry e : q) {
            if (!e.used && e.sighting.node() == chosen.sighting.node() && e.sighting.syscall() != Syscall.CONNECT) {
                e.used = true; // more datagrams of the same process to the same place: the same flow
            }
        }
    }

    /** IPv4-mapped IPv6 destinations (a dual-stack socket) are the IPv4 flows the kernel logs. */
    static InetSocketAddress key(InetSocketAddress a) {
        return new InetSocketAddress(MappedAddresses.unmapped(a.getAddress()), a.getPort());
    }
}
