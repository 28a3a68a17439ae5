package dev.runwall.agent.firewall;

import dev.runwall.agent.firewall.internal.AllowedElements;
import dev.runwall.agent.firewall.internal.RulesetText;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.nft.NftException;
import java.time.Instant;
import java.util.Map;

/**
 * Our nftables table in the current network namespace: installed at agent start, removed at stop. Only
 * this table is ever created, changed or deleted; other tables (Docker's, the distribution's firewall)
 * are never read or touched, and their verdicts still apply (a packet must pass every base chain).
 */
public final class Firewall {
    private final Nft nft;
    private final FirewallSpec spec;
    private final AllowedAddressSet allowed;
    private volatile Instant installedAt;

    private Firewall(Nft nft, FirewallSpec spec, AllowedAddressSet allowed) {
        this.nft = nft;
        this.spec = spec;
        this.allowed = allowed;
    }

    /**
     * The firewall for {@code spec}, not yet in the kernel: {@link #allowed()} can be handed to the DNS
     * proxy before {@link #install()} (an answer released before that is withheld: the sets do not exist).
     *
     * @param options the element timeouts
     */
    public static Firewall create(Nft nft, FirewallSpec spec, FirewallOptions options) {
        AllowedElements elements = new AllowedElements(spec.table(), options.lifetime(), System::nanoTime);
        return new Firewall(nft, spec, new AllowedAddressSet(elements, nft::run));
    }

    /**
     * Installs the table, replacing (atomically, with no gap) one that a crashed agent left behind.
     *
     * @throws NftException when the kernel refused the ruleset; nothing was changed then
     */
    public void install() throws NftException {
        nft.run(RulesetText.install(spec));
        installedAt = Instant.now();
    }

    /** Fills libnftables' cache and links the native calls now, so the first DNS answer does not pay for it. */
    public void prime() throws NftException {
        if (spec.mode() == EgressMode.BLOCK) {
            nft.run("list set inet " + spec.table() + " " + RulesetText.ALLOW4);
        }
    }

    /** The table as installed, in {@code nft list} form. */
    public String ruleset() {
        return RulesetText.definition(spec);
    }

    /** Whether a table of ours with this name exists in the namespace of {@code nft}. */
    public static boolean exists(Nft nft, String table) throws NftException {
        return nft.run("list tables inet").lines().anyMatch(line -> line.strip().equals("table inet " + table));
    }

    /**
     * Deletes the table if it exists (what a crashed agent left behind).
     *
     * @return whether there was one
     */
    public static boolean removeIfPresent(Nft nft, String table) throws NftException {
        if (!exists(nft, table)) {
            return false;
        }
        nft.run(RulesetText.remove(table));
        return true;
    }

    public FirewallSpec spec() {
        return spec;
    }

    public EgressMode mode() {
        return spec.mode();
    }

    /** When the rules were in the kernel (from then on the mode was enforced); null before. */
    public Instant installedAt() {
        return installedAt;
    }

    /** The allowed sets (block mode); in audit mode they do not exist and must not be used. */
    public AllowedAddressSet allowed() {
        if (spec.mode() != EgressMode.BLOCK) {
            throw new IllegalStateException("audit mode has no allowed sets");
        }
        return allowed;
    }

    /** Removes our table. */
    public void remove() throws NftException {
        removeIfPresent(nft, spec.table());
    }

    public Map<String, Long> counters() {
        return allowed.counters();
    }
}
