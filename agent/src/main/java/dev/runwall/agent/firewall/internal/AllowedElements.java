package dev.runwall.agent.firewall.internal;

import dev.runwall.agent.firewall.AddressLifetime;
import dev.runwall.core.net.IpText;
import dev.runwall.core.policy.PortSpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides which elements of the allowed sets one DNS answer needs, and writes the batch for them.
 *
 * <p>Every answer of an allowed name reaches the firewall, most of them for addresses that are already
 * in the set (clients ask again and again). So we remember what we put in, with its expiry, and skip an
 * element whose remaining lifetime already covers most of the new one; only new elements and elements
 * about to expire go to the kernel. The kernel's timeout stays the authority: an element we think is
 * present may have expired a moment earlier, so a refresh is written as add, delete, add in one batch,
 * which works whether or not the element still exists.
 *
 * <p>Not thread-safe: {@link dev.runwall.agent.firewall.AllowedAddressSet} serialises calls.
 */
public final class AllowedElements {
    /** An element: address and port, port 0 meaning any port ({@code host:*}). */
    public record Key(InetAddress address, int port) {}

    /** The batch for one answer, and what becomes true once it is applied. */
    public record Plan(String batch, Map<Key, Long> expiries, int added, int refreshed, int skipped) {
        public boolean empty() {
            return batch.isEmpty();
        }
    }

    private static final int SWEEP_ABOVE = 4096;

    private final String table;
    private final AddressLifetime lifetime;
    private final LongSupplier nanoClock;
    private final Map<Key, Long> expiresAt = new HashMap<>();

    /** @param lifetime the element timeout for a record's TTL */
    public AllowedElements(String table, AddressLifetime lifetime, LongSupplier nanoClock) {
        this.table = table;
        this.lifetime = lifetime;
        this.nanoClock = nanoClock;
    }

    /** Plans the elements for {@code addresses} × {@code ports}, each address with its record's TTL. */
    public Plan plan(Collection<TimedAddress> addresses, Collection<PortSpec> ports) {
        long now = nanoClock.getAsLong();
        Map<String, List<String>> adds = new LinkedHashMap<>();
        Map<String, List<Key>> refreshes = new LinkedHashMap<>();
        Map<Key, Long> expiries = new HashMap<>();
        Map<Key, Long> timeouts = new HashMap<>();
        int skipped = 0;
        for (TimedAddress a : addresses) {
            long timeout = lifetime.seconds(a.ttlSeconds());
            long newExpiry = now + Duration.ofSeconds(timeout).toNanos();
            long slack = Math.max(Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(timeout).toNanos() / 10);
            for (PortSpec port : ports) {
                Key key = new Key(a.address(), port.number());
                if (expiries.containsKey(key)) {
                    continue;
                }
                Long current = expiresAt.get(key);
                if (current != null && current - newExpiry >= -slack) {
                    skipped++;
                    continue;
                }
                if (current != null && current > now) {
                    refreshes.computeIfAbsent(setName(key), s -> new ArrayList<>()).add(key);
                } else {
                    adds.computeIfAbsent(setName(key), s -> new ArrayList<>()).add(element(key) + " timeout " + timeout + "s");
                }
                expiries.put(key, newExpiry);
                timeouts.put(key, timeout);
            }
        }
        var batch = new StringBuilder();
        int refreshed = 0;
        for (Map.Entry<String, List<Key>> e : refreshes.entrySet()) {
            List<String> ensure = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            List<String> renewed = new ArrayList<>();
            for (Key key : e.getValue()) {
                ensure.add(element(key) + " timeout 1s");
                plain.add(element(key));
                renewed.add(element(key) + " timeout " + timeouts.get(key) + "s");
            }
            batch.append(line("add", e.getKey(), ensure))
                    .append(line("delete", e.getKey(), plain))
                    .append(line("add", e.getKey(), renewed));
            refreshed += e.getValue().size();
        }
        int added = 0;
        for (Map.Entry<String, List<String>> e : adds.entrySet()) {
            batch.append(line("add", e.getKey(), e.getValue()));
            added += e.getValue().size();
        }
        return new Plan(batch.toString(), expiries, added, refreshed, skipped);
    }

    /** Records a plan the kernel accepted. */
    public void applied(Plan plan) {
        expiresAt.putAll(plan.expiries());
        if (expiresAt.size() > SWEEP_ABOVE) {
            long now = nanoClock.getAsLong();
            expiresAt.values().removeIf(expiry -> expiry <= now);
        }
    }

    /** Forgets everything (after the table was replaced). */
    public void clear() {
        expiresAt.clear();
    }

    /** Elements we believe are in the sets. */
    public int size() {
        return expiresAt.size();
    }

    private String line(String verb, String set, List<String> elements) {
        return verb + " element inet " + table + " " + set + " { " + String.join(", ", elements) + " }\n";
    }

    static String setName(Key key) {
        boolean v6 = key.address() instanceof Inet6Address;
        if (key.port() == 0) {
            return v6 ? RulesetText.ALLOW6_ANY : RulesetText.ALLOW4_ANY;
        }
        return v6 ? RulesetText.ALLOW6 : RulesetText.ALLOW4;
    }

    static String element(Key key) {
        String address = IpText.of(key.address());
        return key.port() == 0 ? address : address + " . " + key.port();
    }


    /** An address with the TTL of its record. */
    public record TimedAddress(InetAddress address, long ttlSeconds) {}
}
