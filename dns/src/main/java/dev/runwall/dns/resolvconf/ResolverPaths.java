package dev.runwall.dns.resolvconf;

import java.nio.file.Path;

/**
 * Where the resolver configuration lives; tests point these at temporary files.
 *
 * @param resolvConf the file the C library reads, normally {@code /etc/resolv.conf}
 * @param resolvedUpstreams systemd-resolved's list of its real upstream servers, normally
 *     {@code /run/systemd/resolve/resolv.conf}
 */
public record ResolverPaths(Path resolvConf, Path resolvedUpstreams) {
    public static ResolverPaths system() {
        return new ResolverPaths(Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf"));
    }
}
