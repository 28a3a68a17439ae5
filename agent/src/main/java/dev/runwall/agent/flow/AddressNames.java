package dev.runwall.agent.flow;

import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.ResolvedAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which names resolved to an address, fed by every DNS answer the agent releases: a flow the kernel logs
 * carries only addresses, and this gives it back its name, and the reason a block-mode flow was refused.
 *
 * <p>Bounded: at most {@code maxAddresses} addresses (least recently used go first), a few names per
 * address (the most recent), and a name is forgotten {@code retention} after its allowance ended.
 */
public final class AddressNames {
    /** What an address is known as, as far as a flow to {@code port} is concerned. */
    public enum State {
        /** A name that resolved to it is allowed on this port, and the allowance has not run out. */
        PORT_ALLOWED,
        /** Names resolved to it, but none of them is allowed on this port. */
        PORT_NOT_ALLOWED,
        /** A name allowed on this port resolved to it, but the allowance (the TTL) has run out. */
        EXPIRED,
    }

    /** A name for an address. {@code ports} are the ports the policy allows for {@code name}. */
    public record Match(String name, State state, Set<PortSpec> ports, Instant allowedUntil) {}

    private record Named(String name, Set<PortSpec> ports, Instant allowedUntil) {}

    private static final int NAMES_PER_ADDRESS = 8;

    private final Duration retention;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<InetAddress, List<Named>> byAddress;

    public AddressNames(int maxAddresses, Duration retention) {
        this.retention = retention;
        this.byAddress = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, List<Named>> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /**
     * Records that {@code name} resolved to {@code addresses}, each allowed (block mode) until its
     * {@code allowedUntil}; {@code ports} may be empty (audit mode, a name outside the policy).
     */
    public void remember(String name, Collection<ResolvedAddress> addresses, Set<PortSpec> ports,
            java.util.function.Function<ResolvedAddress, Instant> allowedUntil) {
        lock.lock();
        try {
            for (ResolvedAddress a : addresses) {
                List<Named> entries = byAddress.computeIfAbsent(a.address(), k -> new ArrayList<>(2));
                entries.removeIf(e -> e.name().equals(name));
                entries.addFirst(new Named(name, Set.copyOf(ports), allowedUntil.apply(a)));
                if (entries.size() > NAMES_PER_ADDRESS) {
                    entries.removeLast();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The best name for a flow to {@code address:port} at {@code now}: one allowing it, else one whose
     * allowance for this port ran out, else the most recent name. Empty when no name resolved to it.
     *
     * @param port the destination port, 0 for protocols without ports (only {@code host:*} allows those)
     */
    public Optional<Match> lookup(InetAddress address, int port, Instant now) {
        lock.lock();
        try {
            List<Named> entries = byAddress.get(address);
            if (entries == null) {
                return Optional.empty();
            }
            entries.removeIf(e -> e.allowedUntil().plus(retention).isBefore(now));
            if (entries.isEmpty()) {
                byAddress.remove(address);
                return Optional.empty();
            }
            Named expired = null;
            for (Named e : entries) {
                if (covers(e.ports(), port)) {
                    if (e.allowedUntil().isAfter(now)) {
                        return Optional.of(match(e, State.PORT_ALLOWED));
                    }
                    expired = expired == null ? e : expired;
                }
            }
            return Optional.of(expired != null ? match(expired, State.EXPIRED)
                    : match(entries.getFirst(), State.PORT_NOT_ALLOWED));
        } finally {
            lock.unlock();
        }
    }

    /** Addresses remembered. */
    public int size() {
        lock.lock();
        try {
            return byAddress.size();
        } finally {
            lock.unlock();
        }
    }

    private static boolean covers(Set<PortSpec> ports, int port) {
        for (PortSpec p : ports) {
            if (p.isAny() || (port != 0 && p.number() == port)) {
                return true;
            }
        }
        return false;
    }

    private static Match match(Named e, State state) {
        return new Match(e.name(), state, e.ports(), e.allowedUntil());
    }
}
