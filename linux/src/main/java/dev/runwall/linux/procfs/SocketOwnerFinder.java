package dev.runwall.linux.procfs;

import dev.runwall.core.net.MappedAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the process that owns a local socket, from procfs: the socket's inode from {@code /proc/net/*},
 * then the process holding {@code socket:[inode]}. Pids are scanned highest first (a new process usually
 * has a high pid) and a hit is cached, so a long-lived client costs one table read per query.
 */
public final class SocketOwnerFinder {
    /** Which socket table to look in. */
    public enum Transport { TCP, UDP }

    private static final int MAX_CACHE = 4096;
    private final ProcFs proc;
    private final Map<Long, Integer> pidByInode = new ConcurrentHashMap<>();

    public SocketOwnerFinder(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * @param client the client's address as the server sees it (its local address and port)
     * @return the owning pid, or empty when the socket or its process is gone
     */
    public Optional<Integer> ownerOf(Transport transport, InetSocketAddress client) {
        Optional<Long> inode = inodeOf(transport, client);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        long ino = inode.get();
        Integer cached = pidByInode.get(ino);
        if (cached != null && proc.socketInodes(cached).contains(ino)) {
            return Optional.of(cached);
        }
        for (int pid : proc.pidsDescending()) {
            if (proc.socketInodes(pid).contains(ino)) {
                if (pidByInode.size() >= MAX_CACHE) {
                    pidByInode.clear();
                }
                pidByInode.put(ino, pid);
                return Optional.of(pid);
            }
        }
        return Optional.empty();
    }

    /** The inode of the socket bound to {@code client}, looked up in the table of its family and transport. */
    public Optional<Long> inodeOf(Transport transport, InetSocketAddress client) {
        InetAddress addr = client.getAddress();
        boolean v6 = addr instanceof java.net.Inet6Address;
        String base = transport == Transport.TCP ? "net/tcp" : "net/udp";
        for (String table : v6 ? List.of(base + "6") : List.of(base, base + "6")) {
            Optional<String> text = proc.read(table);
            if (text.isEmpty()) {
                continue;
            }
            try {
                for (SocketEntry e : SocketEntry.parseTable(text.get())) {
                    if (e.local().getPort() == client.getPort() && sameAddress(e.local().getAddress(), addr) && e.inode() != 0) {
                        return Optional.of(e.inode());
                    }
                }
            } catch (ProcParseException ignored) {
                // a table we cannot read is the same as a socket we cannot find
            }
        }
        return Optional.empty();
    }

    private static boolean sameAddress(InetAddress tableAddr, InetAddress client) {
        // an IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d in the v6 table
        return tableAddr.equals(client) || tableAddr.isAnyLocalAddress()
                || client instanceof java.net.Inet4Address && MappedAddresses.unmapped(tableAddr).equals(client);
    }
}
