package dev.runwall.dns.resolvconf;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The upstream resolvers found at start.
 *
 * @param upstreams the servers to forward to, port 53, in the file's order
 * @param source the file they came from ({@code /etc/resolv.conf}, or systemd-resolved's upstream list)
 * @param warnings lines that were skipped, and servers that were left out (our own address)
 * @param leftoverRestored whether a configuration left behind by a crashed run was restored first
 */
public record UpstreamDiscovery(List<InetSocketAddress> upstreams, Path source, List<String> warnings,
        boolean leftoverRestored) {
    public UpstreamDiscovery {
        upstreams = List.copyOf(upstreams);
        warnings = List.copyOf(warnings);
    }
}
