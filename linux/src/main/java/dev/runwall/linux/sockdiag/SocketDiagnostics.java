package dev.runwall.linux.sockdiag;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkExchange;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netlink.ReceiveResult;
import dev.runwall.linux.netns.NetworkNamespaces;
import dev.runwall.linux.sockdiag.internal.InetDiagMessages;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds which socket owns an address pair, through NETLINK_SOCK_DIAG ({@code inet_diag}): the
 * inode (to find the process through {@code /proc/PID/fd}) and the uid. A lookup is one request
 * the kernel answers synchronously from its socket hash tables; no scan of /proc/net.
 *
 * <p>Lookups on one instance are serialised (they share one netlink socket); open one instance per
 * thread when lookups must run in parallel. Works on the network namespace it was opened in.
 */
public final class SocketDiagnostics implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final NetlinkSocket socket;
    private final NetlinkExchange exchange;
    private final ReentrantLock lock = new ReentrantLock();

    private SocketDiagnostics(NetlinkSocket socket) {
        this.socket = socket;
        this.exchange = new NetlinkExchange(socket, TIMEOUT);
    }

    /** For the calling thread's network namespace. */
    public static SocketDiagnostics open() throws ErrnoException {
        return new SocketDiagnostics(NetlinkSocket.open(NetlinkProtocol.SOCK_DIAG));
    }

    /** For the network namespace of {@code namespaceFile}. */
    public static SocketDiagnostics openIn(Path namespaceFile) throws ErrnoException {
        return new SocketDiagnostics(NetworkNamespaces.openSocketIn(namespaceFile, NetlinkProtocol.SOCK_DIAG));
    }

    /**
     * The socket whose local end is {@code local} and whose peer is {@code remote}.
     *
     * <p>Pass {@code remote = null} for a listening TCP socket or an unconnected UDP socket. For a
     * UDP client that may or may not have called connect(), pass the server address it talks to
     * (a DNS proxy passes its own listening address): that finds connected and unconnected sockets.
     * An IPv4 pair also finds a dual-stack IPv6 socket that uses it: the kernel's IPv4 tables hold
     * those too; the result then has {@code ipVersion() == 6} and v4-mapped addresses.
     *
     * @return empty when no such socket exists (any more)
     */
    public Optional<SocketInfo> lookup(SocketProtocol protocol, InetSocketAddress local, InetSocketAddress remote)
            throws ErrnoException, NetlinkParseException {
        InetAddress remoteAddress = remote == null ? anyOf(local.getAddress()) : remote.getAddress();
        int remotePort = remote == null ? 0 : remote.getPort();
        if (local.getAddress() instanceof Inet4Address != remoteAddress instanceof Inet4Address) {
            throw new IllegalArgumentException("local and remote address families differ: " + local + ", " + remote);
        }
        int family = local.getAddress() instanceof Inet4Address ? InetDiagMessages.AF_INET : InetDiagMessages.AF_INET6;
        return lookupOnce(protocol, family, local.getAddress().getAddress(), local.getPort(),
                remoteAddress.getAddress(), remotePort);
    }

    /**
     * {@link #lookup} for several sockets at once: the {@code i}-th of {@code locals} with the {@code i}-th of
     * {@code remotes} (null as in {@link #lookup}). Every request goes to the kernel in one datagram, which it
     * answers while handling it, and the answers are taken with as few receive calls as they fit in: 8 lookups
     * cost about two single ones (SocketDiagnosticsIT#lookupCost). Empty where no such socket exists, or where
     * the kernel refused that one request.
     *
     * @throws ErrnoException when the answers do not all come within the timeout, or are lost or the socket closed
     */
    public List<Optional<SocketInfo>> lookupAll(SocketProtocol protocol, List<InetSocketAddress> locals,
            List<InetSocketAddress> remotes) throws ErrnoException, NetlinkParseException {
        if (locals.size() != remotes.size()) {
            throw new IllegalArgumentException(locals.size() + " local ends but " + remotes.size() + " remote ones");
        }
        List<Optional<SocketInfo>> found = new ArrayList<>(java.util.Collections.nCopies(locals.size(), Optional.empty()));
        if (locals.isEmpty()) {
            return found;
        }
        lock.lock();
        try {
            java.util.Map<Integer, Integer> bySequence = new java.util.HashMap<>();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(locals.size() * 96);
            for (int i = 0; i < locals.size(); i++) {
                InetSocketAddress local = locals.get(i);
                InetSocketAddress remote = remotes.get(i);
                InetAddress remoteAddress = remote == null ? anyOf(local.getAddress()) : remote.getAddress();
                if (local.getAddress() instanceof Inet4Address != remoteAddress instanceof Inet4Address) {
                    throw new IllegalArgumentException("local and remote address families differ: " + local + ", " + remote);
                }
                int family = local.getAddress() instanceof Inet4Address ? InetDiagMessages.AF_INET : InetDiagMessages.AF_INET6;
                int sequence = socket.nextSequence();
                bySequence.put(sequence, i);
                all.writeBytes(InetDiagMessages.lookup(protocol, family, local.getAddress().getAddress(), local.getPort(),
                        remoteAddress.getAddress(), remote == null ? 0 : remote.getPort()).build(sequence));
            }
            socket.send(all.toByteArray());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            int open = locals.size();
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ErrnoException("sock_diag lookups: no complete reply within " + TIMEOUT.toMillis() + " ms",
                            ErrnoException.EAGAIN);
                }
                for (ReceiveResult result : socket.receiveBatch(Duration.ofNanos(left))) {
                    switch (result) {
                        case ReceiveResult.Datagram d when d.fromKernel() -> {
                            for (NetlinkMessage message : d.messages()) {
                                Integer index = bySequence.remove(message.sequence());
                                if (index == null) {
                                    continue; // an answer to an earlier, abandoned request
                                }
                                open--;
                                if (message.isError()) {
                                    // ENOENT: no such socket; another refusal concerns this request only and
                                    // leaves it empty too, like a single lookup that failed
                                    continue;
                                } else if (message.type() == InetDiagMessages.SOCK_DIAG_BY_FAMILY) {
                                    found.set(index, Optional.of(InetDiagMessages.parse(message, protocol)));
                                }
                            }
                        }
                        case ReceiveResult.Overrun overrun ->
                                throw new ErrnoException("sock_diag lookups: reply lost (" + overrun.reason() + ")",
                                        ErrnoException.ENOBUFS);
                        case ReceiveResult.Closed closed ->
                                throw new ErrnoException("sock_diag lookups: socket closed", ErrnoException.EBADF);
                        default -> { }
                    }
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Every socket of {@code protocol}, IPv4 and IPv6. */
    public List<SocketInfo> dump(SocketProtocol protocol) throws ErrnoException, NetlinkParseException {
        List<SocketInfo> sockets = new ArrayList<>(dump(protocol, StandardProtocolFamily.INET));
        sockets.addAll(dump(protocol, StandardProtocolFamily.INET6));
        return sockets;
    }

    /**
     * Every socket of {@code protocol} and {@code family}: one kernel request (it walks the protocol's whole
     * socket hash table, so it costs a few single lookups however few sockets there are). An IPv6 socket
     * that talks IPv4 (dual stack) is listed under INET6 only, with v4-mapped addresses.
     */
    public List<SocketInfo> dump(SocketProtocol protocol, StandardProtocolFamily family)
            throws ErrnoException, NetlinkParseException {
        return dump(InetDiagMessages.dump(protocol, internet(family)), protocol);
    }

    /**
     * The sockets of {@code protocol} and {@code family} whose local port is one of {@code localPorts} (1 to
     * 4,096): the kernel filters (it still walks the whole table), so only those are sent and parsed.
     */
    public List<SocketInfo> dump(SocketProtocol protocol, StandardProtocolFamily family,
            java.util.Collection<Integer> localPorts) throws ErrnoException, NetlinkParseException {
        return dump(InetDiagMessages.dump(protocol, internet(family), localPorts), protocol);
    }

    private static int internet(StandardProtocolFamily family) {
        if (family == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("not an internet family: " + family);
        }
        return family == StandardProtocolFamily.INET ? InetDiagMessages.AF_INET : InetDiagMessages.AF_INET6;
    }

    private List<SocketInfo> dump(NetlinkMessageBuilder request, SocketProtocol protocol)
            throws ErrnoException, NetlinkParseException {
        List<SocketInfo> sockets = new ArrayList<>();
        lock.lock();
        try {
            for (NetlinkMessage message : exchange.dump(request)) {
                if (message.type() == InetDiagMessages.SOCK_DIAG_BY_FAMILY) {
                    sockets.add(InetDiagMessages.parse(message, protocol));
                }
            }
        } finally {
            lock.unlock();
        }
        return sockets;
    }

    private Optional<SocketInfo> lookupOnce(SocketProtocol protocol, int family, byte[] local, int localPort,
                                            byte[] remote, int remotePort) throws ErrnoException, NetlinkParseException {
        lock.lock();
        try {
            List<NetlinkMessage> replies = exchange.request(
                    InetDiagMessages.lookup(protocol, family, local, localPort, remote, remotePort),
                    r -> !r.isEmpty()); // one message either way: the socket, or ENOENT (thrown)
            for (NetlinkMessage reply : replies) {
                if (reply.type() == InetDiagMessages.SOCK_DIAG_BY_FAMILY) {
                    return Optional.of(InetDiagMessages.parse(reply, protocol));
                }
            }
            return Optional.empty();
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT) {
                return Optional.empty();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private static InetAddress anyOf(InetAddress sameFamilyAs) {
        try {
            return InetAddress.getByAddress(new byte[sameFamilyAs instanceof Inet6Address ? 16 : 4]);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
