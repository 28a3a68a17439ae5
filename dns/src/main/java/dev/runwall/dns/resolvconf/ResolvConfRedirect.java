package dev.runwall.dns.resolvconf;

import dev.runwall.dns.resolvconf.internal.SavedState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Points the runner's resolver configuration at the proxy and back.
 *
 * <p>At start: {@link #discover} (which first restores what a crashed run left behind), start the proxy,
 * then {@link #redirect}. At stop: {@link #restore}. A supervisor process that only knows the state
 * directory calls {@link #restoreFromState}.
 *
 * <p>A regular file is rewritten in place (same inode), because in a network namespace
 * {@code /etc/resolv.conf} is a bind mount that a rename would not reach; a symlink (systemd-resolved's
 * stub file) is replaced by a regular file and put back as the same link at restore.
 */
public final class ResolvConfRedirect {
    /** systemd-resolved's stub listeners: forwarding there would loop through resolved, not reach upstream. */
    static final List<InetAddress> RESOLVED_STUBS = List.of(
            InetAddress.ofLiteral("127.0.0.53"), InetAddress.ofLiteral("127.0.0.54"));
    private static final int DNS_PORT = 53;

    private final ResolverPaths paths;
    private final Path stateDir;

    public ResolvConfRedirect(ResolverPaths paths, Path stateDir) {
        this.paths = paths;
        this.stateDir = stateDir;
    }

    /**
     * Finds the upstream resolvers, after restoring a configuration a crashed run left behind.
     *
     * @param ownAddresses the proxy's listen addresses: never used as upstreams
     * @throws ResolverConfigException when no usable upstream remains; the message says which file said what
     */
    public UpstreamDiscovery discover(Collection<InetSocketAddress> ownAddresses)
            throws IOException, ResolverConfigException {
        boolean leftover = restore().restored();
        Path source = paths.resolvConf();
        ResolvConf conf = ResolvConf.parse(readOrEmpty(source), source.toString());
        List<String> warnings = new ArrayList<>(conf.warnings());
        List<InetAddress> servers = conf.nameservers();
        if (!servers.isEmpty() && RESOLVED_STUBS.containsAll(servers)) {
            source = paths.resolvedUpstreams();
            if (!Files.exists(source)) {
                throw new ResolverConfigException(paths.resolvConf() + " points only at systemd-resolved's stub "
                        + servers + " and " + source + " (resolved's upstream list) does not exist. Start "
                        + "systemd-resolved or list the upstream resolvers in " + paths.resolvConf() + ".");
            }
            conf = ResolvConf.parse(readOrEmpty(source), source.toString());
            warnings.addAll(conf.warnings());
            servers = conf.nameservers();
        }
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (InetAddress server : servers) {
            InetSocketAddress candidate = new InetSocketAddress(server, DNS_PORT);
            if (isOwn(candidate, ownAddresses) || RESOLVED_STUBS.contains(server)) {
                warnings.add(source + ": nameserver " + server.getHostAddress()
                        + " left out (it is the proxy itself or systemd-resolved's stub)");
            } else if (!upstreams.contains(candidate)) {
                upstreams.add(candidate);
            }
        }
        if (upstreams.isEmpty()) {
            throw new ResolverConfigException("no upstream resolver: " + source + " lists "
                    + (servers.isEmpty() ? "no nameserver" : "only " + servers) + ". Add a 'nameserver <ip>' line for "
                    + "the runner's resolver to " + paths.resolvConf() + (warnings.isEmpty() ? "" : " " + warnings) + ".");
        }
        return new UpstreamDiscovery(upstreams, source, warnings, leftover);
    }

    /**
     * Saves the current resolver file in the state directory, then rewrites it to list only
     * {@code proxies}, keeping its {@code search}, {@code domain}, {@code options} and {@code sortlist} lines.
     *
     * @throws IllegalStateException when a redirect is already in place (restore first)
     */
    public void redirect(List<InetAddress> proxies) throws IOException {
        Path path = paths.resolvConf();
        SavedState.locked(stateDir, () -> {
            if (SavedState.load(stateDir).isPresent()) {
                throw new IllegalStateException(path + " is already redirected (state in " + stateDir + ")");
            }
            String kind;
            String linkTarget = null;
            byte[] original = null;
            if (Files.isSymbolicLink(path)) {
                kind = SavedState.SYMLINK;
                linkTarget = Files.readSymbolicLink(path).toString();
            } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                kind = SavedState.FILE;
                original = Files.readAllBytes(path);
            } else {
                kind = SavedState.ABSENT;
            }
            ResolvConf current = ResolvConf.parse(readOrEmpty(path), path.toString());
            byte[] ours = ResolvConf.pointingAt(proxies, current.keptLines(),
                            "Written by the Runwall agent while it runs; the original is restored at stop (state in "
                                    + stateDir + ").")
                    .getBytes(StandardCharsets.UTF_8);
            new SavedState(path, kind, linkTarget, sha256(ours), original).save(stateDir);
            if (kind.equals(SavedState.FILE)) {
                writeInPlace(path, ours);
            } else {
                SavedState.writeAtomically(path, ours); // replaces the symlink itself, not its target
            }
            return null;
        });
    }

    /** Puts back what {@link #redirect} saved, if anything; safe to call more than once. */
    public RestoreResult restore() throws IOException {
        return restoreFromState(stateDir);
    }

    /** Restores from the state directory alone (for a supervisor process that did not redirect). */
    public static RestoreResult restoreFromState(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return RestoreResult.nothing();
        }
        return SavedState.locked(stateDir, () -> {
            Optional<SavedState> loaded = SavedState.load(stateDir);
            if (loaded.isEmpty()) {
                return RestoreResult.nothing();
            }
            SavedState s = loaded.get();
            boolean changed = !sha256(readBytesOrEmpty(s.path())).equals(s.writtenSha256());
            switch (s.kind()) {
                case SavedState.FILE -> {
                    if (Files.isRegularFile(s.path(), LinkOption.NOFOLLOW_LINKS)) {
                        writeInPlace(s.path(), s.original());
                    } else {
                        Files.deleteIfExists(s.path());
                        SavedState.writeAtomically(s.path(), s.original());
                    }
                }
                case SavedState.SYMLINK -> {
                    Path tmp = s.path().resolveSibling("." + s.path().getFileName() + ".runwall-link");
                    Files.deleteIfExists(tmp);
                    Files.createSymbolicLink(tmp, Path.of(s.linkTarget()));
                    Files.move(tmp, s.path(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                case SavedState.ABSENT -> Files.deleteIfExists(s.path());
                default -> throw new IOException("unknown kind '" + s.kind() + "' in the state in " + stateDir);
            }
            SavedState.clear(stateDir);
            return new RestoreResult(true, s.path(), s.kind(), changed);
        });
    }

    private static boolean isOwn(InetSocketAddress candidate, Collection<InetSocketAddress> own) {
        for (InetSocketAddress a : own) {
            if (a.getAddress().equals(candidate.getAddress()) && a.getPort() == candidate.getPort()) {
                return true;
            }
        }
        return false;
    }

    /** Truncates and rewrites the file itself, keeping its inode, owner and mode (and any bind mount on it). */
    private static void writeInPlace(Path path, byte[] bytes) throws IOException {
        Files.write(path, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
    }

    private static String readOrEmpty(Path path) throws IOException {
        return new String(readBytesOrEmpty(path), StandardCharsets.UTF_8);
    }

    private static byte[] readBytesOrEmpty(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
