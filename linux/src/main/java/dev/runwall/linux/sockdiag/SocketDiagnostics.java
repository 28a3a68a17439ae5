package dev.runwall.linux.sockdiag;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkExchange;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
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
        return lookupOnce(protocol, lookupRequest(protocol, local, remote));
    }

    /** The exact-lookup request of {@link #lookup}. */
    private static NetlinkMessageBuilder lookupRequest(SocketProtocol protocol, InetSocketAddress local,
            InetSocketAddress remote) {
        InetAddress remoteAddress = remote == null ? anyOf(local.getAddress()) : remote.getAddress();
        if (local.getAddress() instanceof Inet4Address != remoteAddress instanceof Inet4Address) {
            throw new IllegalArgumentException("local and remote address families differ: " + local + ", " + remote);
        }
        int family = local.getAddress() instanceof Inet4Address ? InetDiagMessages.AF_INET : InetDiagMessages.AF_INET6;
        return InetDiagMessages.lookup(protocol, family, local.getAddress().getAddress(), local.getPort(),
                remoteAddress.getAddress(), remote == null ? 0 : remote.getPort());
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
        List<NetlinkMessageBuilder> requests = new ArrayList<>(locals.size());
        for (int i = 0; i < locals.size(); i++) {
            requests.add(lookupRequest(protocol, locals.get(i), remotes.get(i)));
        }
        List<NetlinkMessage> answers;
        lock.lock();
        try {
            answers = exchange.requestAll(requests);
        } finally {
            lock.unlock();
        }
        List<Optional<SocketInfo>> found = new ArrayList<>(answers.size());
        for (NetlinkMessage answer : answers) {
            // an error (ENOENT: no such socket; another refusal concerns this request only) leaves it empty,
            // like a single lookup that failed
            found.add(answer.type() == InetDiagMessages.SOCK_DIAG_BY_FAMILY
                    ? Optional.of(InetDiagMessages.parse(answer, protocol)) : Optional.empty());
        }
        return found;
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

    private Optional<SocketInfo> lookupOnce(SocketProtocol protocol, NetlinkMessageBuilder request)
            throws ErrnoException, NetlinkParseException {
        lock.lock();
        try {
            List<NetlinkMessage> replies = exchange.request(request,
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
