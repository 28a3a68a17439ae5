package dev.runwall.linux.netns;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Network namespaces by file: {@code /run/netns/NAME} (what {@code ip netns add} creates),
 * {@code /proc/PID/ns/net}, {@link #initial()} for the initial namespace.
 *
 * <p>Everything here works per thread: the calling thread and the rest of the JVM never change
 * namespace. Needs CAP_SYS_ADMIN (root).
 */
public final class NetworkNamespaces {
    private NetworkNamespaces() {}

    /** The file {@code ip netns add NAME} creates. */
    public static Path named(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: " + name);
        }
        return Path.of("/run/netns", name);
    }

    /**
     * The initial network namespace (where the host's interfaces and the audit multicast live).
     *
     * <p>Kernel threads never leave it, so when pid 2 is {@code kthreadd} (the JVM shares the host's
     * pid namespace) its namespace file is used: unlike pid 1 it is readable even where pid 1 has
     * capabilities we lack (some sandboxes run a privileged supervisor as pid 1, and
     * {@code /proc/1/ns/net} then fails with EACCES). Otherwise {@code /proc/1/ns/net}: the
     * namespace of pid 1 of our pid namespace, which inside a container is the container's.
     */
    public static Path initial() {
        try {
            if (Files.readString(Path.of("/proc/2/comm")).strip().equals("kthreadd")) {
                return Path.of("/proc/2/ns/net");
            }
        } catch (IOException | RuntimeException noPid2) {
            // fall through: no kthreadd visible in this pid namespace
        }
        return Path.of("/proc/1/ns/net");
    }

    /** The namespace of the calling thread. */
    public static Path ofCurrentThread() {
        return Path.of("/proc/thread-self/ns/net");
    }

    /**
     * The kernel's identity of a namespace, e.g. {@code net:[4026531840]}: two files name the same
     * namespace exactly when these are equal.
     */
    public static String identity(Path namespaceFile) throws IOException {
        if (namespaceFile.startsWith("/proc")) {
            return Files.readSymbolicLink(namespaceFile).toString();
        }
        // bind-mounted namespace files (/run/netns/NAME) carry the namespace's inode
        return "net:[" + Files.getAttribute(namespaceFile, "unix:ino") + "]";
    }

    /** True when the calling thread is in the {@link #initial()} namespace. */
    public static boolean inInitialNamespace() throws IOException {
        return identity(ofCurrentThread()).equals(identity(initial()));
    }

    /** Runs {@code task} on a fresh platform thread inside the namespace, then ends that thread. */
    public static <T, E extends Exception> T runOnThreadIn(Path namespaceFile, NamespacedCall<T, E> task)
            throws E, ErrnoException {
        try (NamespaceThread thread = NamespaceThread.enter(namespaceFile)) {
            return thread.call(task);
        }
    }

    /** Opens a netlink socket that belongs to the namespace of {@code namespaceFile}. */
    public static NetlinkSocket openSocketIn(Path namespaceFile, NetlinkProtocol protocol) throws ErrnoException {
        return runOnThreadIn(namespaceFile, () -> NetlinkSocket.open(protocol));
    }
}
