package dev.runwall.agent.attribution;

import static dev.runwall.core.net.MappedAddresses.unmapped;

import dev.runwall.linux.sockdiag.SocketInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The UDP sockets of one kernel dump, indexed by local port, to find the socket a DNS client sent from: the
 * same choice the kernel's own lookup makes. A candidate has the client's port and either the client's
 * address or the wildcard (an IPv6 socket may hold an IPv4 client as a v4-mapped address, or as {@code ::}
 * when it is dual stack and unbound); it is either connected to one of the proxy's addresses or not
 * connected at all. A socket bound to the exact address beats the wildcard, and a connected one beats an
 * unconnected one.
 */
final class DnsClientSockets {
    private final Map<Integer, List<SocketInfo>> byPort = new HashMap<>();
    private final Set<InetSocketAddress> servers;

    /**
     * @param sockets one dump of UDP sockets
     * @param servers the proxy's listen addresses (a connected client's peer is one of them)
     */
    DnsClientSockets(List<SocketInfo> sockets, Set<InetSocketAddress> servers) {
        this.servers = servers;
        for (SocketInfo s : sockets) {
            byPort.computeIfAbsent(s.local().getPort(), p -> new ArrayList<>(2)).add(s);
        }
    }

    /** The socket {@code client} sent from, or empty when this dump has none. */
    Optional<SocketInfo> find(InetSocketAddress client) {
        List<SocketInfo> candidates = byPort.get(client.getPort());
        if (candidates == null) {
            return Optional.empty();
        }
        SocketInfo best = null;
        int bestScore = 0;
        for (SocketInfo s : candidates) {
            int score = score(s, client.getAddress());
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** 0 when {@code s} cannot be the client's socket; higher is a closer match. */
    private int score(SocketInfo s, InetAddress client) {
        InetAddress local = unmapped(s.local().getAddress());
        int score;
        if (local.equals(client)) {
            score = 2;
        } else if (local.isAnyLocalAddress() && (local instanceof Inet4Address == client instanceof Inet4Address
                || s.ipVersion() == 6)) {
            score = 1;
        } else {
            return 0;
        }
        InetSocketAddress remote = s.remote();
        if (remote.getPort() == 0) {
            return score * 2;
        }
        InetSocketAddress peer = new InetSocketAddress(unmapped(remote.getAddress()), remote.getPort());
        return servers.contains(peer) ? score * 2 + 1 : 0;
    }
}
