package dev.runwall.agent.firewall;

import java.time.Duration;
import java.time.Instant;

/**
 * How the agent runs the kernel firewall.
 *
 * @param enabled false runs the agent with the DNS gate alone (benchmarks; never chosen implicitly)
 * @param table the name of our {@code inet} table
 * @param nflogGroup the NFLOG group our logging rules send to; one reader per group and network namespace
 * @param minAddressTtl the shortest time an address from a DNS answer stays allowed, whatever the TTL
 * @param maxAddressTtl the longest
 * @param listenOnBridges also serve DNS on the addresses of the bridges present at start (container
 *     networks such as docker0), so containers can use the agent as their resolver
 * @param enforcedSince when the starting command already put the same rules in place (the daemon's
 *     parent does, so block mode is enforced before a second JVM has started); null when it did not
 */
public record FirewallOptions(
        boolean enabled,
        String table,
        int nflogGroup,
        Duration minAddressTtl,
        Duration maxAddressTtl,
        boolean listenOnBridges,
        Instant enforcedSince) {
    public static final String DEFAULT_TABLE = "runwall";
    /** "RW" in ASCII; any group works as long as nobody else reads it in this network namespace. */
    public static final int DEFAULT_NFLOG_GROUP = 0x5257;

    public FirewallOptions {
        if (minAddressTtl.isNegative() || minAddressTtl.isZero() || maxAddressTtl.compareTo(minAddressTtl) < 0) {
            throw new IllegalArgumentException("need 0 < minAddressTtl <= maxAddressTtl");
        }
    }

    public FirewallOptions withEnforcedSince(Instant since) {
        return new FirewallOptions(enabled, table, nflogGroup, minAddressTtl, maxAddressTtl, listenOnBridges, since);
    }

    /** How long an address from a DNS answer stays allowed. */
    public AddressLifetime lifetime() {
        return new AddressLifetime(minAddressTtl, maxAddressTtl);
    }

    /** Our table, group 0x5257, addresses allowed for max(TTL, 60 s) up to a day, DNS on bridges too. */
    public static FirewallOptions defaults() {
        return new FirewallOptions(true, DEFAULT_TABLE, DEFAULT_NFLOG_GROUP, Duration.ofSeconds(60), Duration.ofDays(1),
                true, null);
    }

    public FirewallOptions withMinAddressTtl(Duration ttl) {
        return new FirewallOptions(enabled, table, nflogGroup, ttl, maxAddressTtl.compareTo(ttl) < 0 ? ttl : maxAddressTtl,
                listenOnBridges, enforcedSince);
    }

    public FirewallOptions withEnabled(boolean on) {
        return new FirewallOptions(on, table, nflogGroup, minAddressTtl, maxAddressTtl, listenOnBridges, enforcedSince);
    }

    public FirewallOptions withTable(String name, int group) {
        return new FirewallOptions(enabled, name, group, minAddressTtl, maxAddressTtl, listenOnBridges, enforcedSince);
    }
}
