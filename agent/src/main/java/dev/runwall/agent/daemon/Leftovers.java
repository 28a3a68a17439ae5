package dev.runwall.agent.daemon;

import dev.runwall.agent.firewall.Firewall;
import dev.runwall.dns.resolvconf.ResolvConfRedirect;
import dev.runwall.dns.resolvconf.RestoreResult;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.nft.NftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an agent that did not stop cleanly leaves in its network namespace: our table (block mode keeps
 * it on purpose: fail closed) and the redirected resolver configuration. {@code runwall agent stop
 * --cleanup} removes both; a new start does the same on its own (and replaces the table without a gap).
 */
public final class Leftovers {
    /** What was found and removed. */
    public record Cleanup(boolean tableRemoved, boolean resolverRestored, List<String> problems) {}

    private Leftovers() {}

    /** Whether our table or a resolver redirect is still there. */
    public static boolean present(Path stateDir, String table) throws NftException {
        try (Nft nft = Nft.open()) {
            if (Firewall.exists(nft, table)) {
                return true;
            }
        }
        return Files.isDirectory(stateDir) && resolverRedirected(stateDir);
    }

    /** Removes our table and restores the resolver configuration. Call only when no agent runs. */
    public static Cleanup clean(Path stateDir, String table) {
        List<String> problems = new ArrayList<>();
        boolean tableRemoved = false;
        try (Nft nft = Nft.open()) {
            tableRemoved = Firewall.removeIfPresent(nft, table);
        } catch (NftException e) {
            problems.add("could not remove the table inet " + table + ": " + e.getMessage());
        }
        RestoreResult restored = RestoreResult.nothing();
        try {
            restored = ResolvConfRedirect.restoreFromState(stateDir);
        } catch (IOException e) {
            problems.add("could not restore the resolver configuration: " + e.getMessage());
        }
        return new Cleanup(tableRemoved, restored.restored(), List.copyOf(problems));
    }

    /** The dns module's saved state (its description file) is there exactly while a redirect is in place. */
    private static boolean resolverRedirected(Path stateDir) {
        return Files.exists(stateDir.resolve("resolv.conf.state"));
    }
}
