package dev.runwall.agent.attribution;

import dev.runwall.dns.Transport;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessDescriber;
import dev.runwall.linux.procfs.ProcessLineage;
import dev.runwall.linux.sockdiag.SocketDiagnostics;
import dev.runwall.linux.sockdiag.SocketInfo;
import dev.runwall.linux.sockdiag.SocketProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds a DNS client's process through NETLINK_SOCK_DIAG: one kernel lookup gives the socket inode, a
 * cache maps the inode to its process (re-checked against the process's start time once it is a second
 * old), and a second cache keeps each process's lineage. A long-lived client (a resolver library reusing its socket)
 * costs one netlink round trip per query, or a share of one dump when many queries arrive together
 * ({@link #lookupAsync}, {@link #runDeferred}); a new socket costs one scan of procfs.
 */
public final class SockDiagAttributor implements ProcessAttributor, AutoCloseable {
    private final BlockingQueue<SocketDiagnostics> pool;
    private final List<InetSocketAddress> servers;
    private final ProcFs proc;
    private final ProcessDescriber describer;
    private final InodeOwners owners;
    private final UdpSocketBatches batches;
    private final java.util.Map<ProcStat, ProcessLineage> lineages = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_LINEAGES = 4096;
    /**
     * How each UDP client's socket was last found: the listen address given as its peer, or {@link #NO_PEER} (an
     * unconnected socket is found only without one). Asked that way first next time.
     */
    private final java.util.Map<InetSocketAddress, InetSocketAddress> foundWith = new java.util.concurrent.ConcurrentHashMap<>();
    /** Rounds of UDP lookups sent together (for tests: a client found the way it was last time costs one). */
    private final java.util.concurrent.atomic.LongAdder udpRounds = new java.util.concurrent.atomic.LongAdder();
    /** In {@link #foundWith}: found without a peer. */
    private static final InetSocketAddress NO_PEER = InetSocketAddress.createUnresolved("no-peer", 0);

    /**
     * @param servers the proxy's listen addresses: a UDP client is found by its pair with one of them
     * @param parallelism netlink sockets kept for lookups in parallel
     */
    public SockDiagAttributor(List<InetSocketAddress> servers, ProcFs proc, int parallelism) throws ErrnoException {
        this.servers = List.copyOf(servers);
        this.proc = proc;
        this.describer = new ProcessDescriber(proc);
        this.owners = new InodeOwners(proc);
        this.pool = new ArrayBlockingQueue<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            pool.add(SocketDiagnostics.open());
        }
        this.batches = new UdpSocketBatches(SocketDiagnostics.open(), servers, this::udpSocketsOf);
    }

    @Override
    public Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client) {
        Optional<Long> inode = inodeOf(transport, client);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcStat> owner = owners.ownerOf(inode.get());
        return owner.flatMap(this::lineage);
    }

    /**
     * A UDP client is found in a batch with the others asked for until the caller's next {@link #runDeferred}
     * ({@link UdpSocketBatches}); the result completes there when the socket's owner is known already (a
     * client seen before), else on {@code slow}, which scans procfs for the owner. A TCP client is looked up
     * on {@code slow}.
     */
    @Override
    public CompletableFuture<Optional<ProcessLineage>> lookupAsync(Transport transport, InetSocketAddress client,
            Executor slow) {
        if (transport != Transport.UDP) {
            return ProcessAttributor.super.lookupAsync(transport, client, slow);
        }
        return batches.find(client).thenCompose(socket -> {
            if (socket.isEmpty() || socket.get().inode() == 0) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            long inode = socket.get().inode();
            Optional<ProcessLineage> known = known(inode);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            return CompletableFuture.supplyAsync(() -> owners.ownerOf(inode).flatMap(this::lineage), slow);
        });
    }

    /** Finds the sockets of the UDP clients asked for since the last call, in one batch, on this thread. */
    @Override
    public void runDeferred() {
        batches.runQueued();
    }

    /** UDP client lookups asked for, the batches they were answered in, and how many batches by a dump. */
    @Override
    public java.util.Map<String, Long> counters() {
        return batches.counters();
    }

    /** Rounds of UDP lookups sent together so far (for tests). */
    long udpRounds() {
        return udpRounds.sum();
    }

    /** The batches behind {@link #lookupAsync} (for tests). */
    UdpSocketBatches batches() {
        return batches;
    }

    /** The lineage of the inode's owner when both are remembered (no procfs scan); null when not. */
    private Optional<ProcessLineage> known(long inode) {
        Optional<ProcStat> owner = owners.remembered(inode);
        if (owner == null || owner.isEmpty()) {
            return null;
        }
        ProcessLineage known = lineages.get(lineageKey(owner.get()));
        return known == null ? null : Optional.of(known);
    }

    private static ProcStat lineageKey(ProcStat owner) {
        return new ProcStat(owner.pid(), "", ' ', 0, 0, owner.startTime());
    }

    /** The lineage of a process as first read; keyed by pid and start time, so a reused pid never hits. */
    private Optional<ProcessLineage> lineage(ProcStat owner) {
        ProcStat key = lineageKey(owner);
        ProcessLineage cached = lineages.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ProcessLineage> l = describer.describe(owner.pid())
                // the pid was reused between the owner check and the read: not the process we are after
                .filter(x -> x.self().startTime() == owner.startTime());
        l.ifPresent(x -> {
            if (lineages.size() >= MAX_LINEAGES) {
                lineages.clear();
            }
            lineages.put(key, x);
        });
        return l;
    }

    private Optional<Long> inodeOf(Transport transport, InetSocketAddress client) {
        return socketOf(transport, client).map(SocketInfo::inode).filter(inode -> inode != 0);
    }

    /** One exact kernel lookup (more for a UDP socket not found the way it was last time). */
    private Optional<SocketInfo> socketOf(Transport transport, InetSocketAddress client) {
        SocketDiagnostics diag;
        try {
            diag = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            if (transport == Transport.TCP) {
                for (InetSocketAddress server : servers) {
                    if (server.getAddress() instanceof Inet4Address == client.getAddress() instanceof Inet4Address) {
                        Optional<SocketInfo> info = diag.lookup(SocketProtocol.TCP, client, server);
                        if (info.isPresent()) {
                            return info;
                        }
                    }
                }
                return Optional.empty();
            }
            for (InetSocketAddress remote : attempts(client)) {
                Optional<SocketInfo> info = diag.lookup(SocketProtocol.UDP, client, remote);
                if (info.isPresent()) {
                    remember(client, remote);
                    return info;
                }
            }
            return Optional.empty();
        } catch (ErrnoException | NetlinkParseException e) {
            return Optional.empty();
        } finally {
            pool.add(diag);
        }
    }

    /**
     * The sockets of several UDP clients, on {@code diag} (the batch's own socket), by exact lookups sent
     * together ({@link SocketDiagnostics#lookupAll}): one round trip when each client is found the way it was
     * last time, one more round for each other way a client still needs (with or without a listen address as
     * its peer). A client whose socket is gone costs every round.
     */
    private List<Optional<SocketInfo>> udpSocketsOf(SocketDiagnostics diag, List<InetSocketAddress> clients) {
        List<Optional<SocketInfo>> found = new java.util.ArrayList<>(java.util.Collections.nCopies(clients.size(),
                Optional.<SocketInfo>empty()));
        List<List<InetSocketAddress>> attempts = new java.util.ArrayList<>(clients.size());
        for (InetSocketAddress client : clients) {
            attempts.add(attempts(client));
        }
        try {
            for (int round = 0; ; round++) {
                List<Integer> asked = new java.util.ArrayList<>();
                List<InetSocketAddress> locals = new java.util.ArrayList<>();
                List<InetSocketAddress> remotes = new java.util.ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    if (found.get(i).isEmpty() && round < attempts.get(i).size()) {
                        asked.add(i);
                        locals.add(clients.get(i));
                        remotes.add(attempts.get(i).get(round));
                    }
                }
                if (asked.isEmpty()) {
                    return found;
                }
                udpRounds.increment();
                List<Optional<SocketInfo>> answers = diag.lookupAll(SocketProtocol.UDP, locals, remotes);
                for (int k = 0; k < asked.size(); k++) {
                    if (answers.get(k).isPresent()) {
                        found.set(asked.get(k), answers.get(k));
                        remember(clients.get(asked.get(k)), remotes.get(k));
                    }
                }
            }
        } catch (ErrnoException | NetlinkParseException e) {
            return found; // the rounds before stand; the rest is unknown, as with a failed single lookup
        }
    }

    /**
     * The remote ends to look a UDP client's socket up with, in order (null: no peer, as an unconnected socket
     * is found): first the way that found it last time, then each listen address of its family, each followed
     * by no peer once.
     */
    private List<InetSocketAddress> attempts(InetSocketAddress client) {
        List<InetSocketAddress> order = new java.util.ArrayList<>(servers.size() + 1);
        InetSocketAddress last = foundWith.get(client);
        if (last != null) {
            order.add(last == NO_PEER ? null : last);
        }
        for (InetSocketAddress server : servers) {
            if (server.getAddress() instanceof Inet4Address == client.getAddress() instanceof Inet4Address) {
                if (!order.contains(server)) {
                    order.add(server);
                }
                if (!order.contains(null)) {
                    order.add(null);
                }
            }
        }
        return order;
    }

    /** Which remote end ({@code null}: none) found a UDP client's socket, for the next time it asks. */
    private void remember(InetSocketAddress client, InetSocketAddress remote) {
        InetSocketAddress way = remote == null ? NO_PEER : remote;
        if (!way.equals(foundWith.get(client))) {
            if (foundWith.size() >= MAX_LINEAGES && !foundWith.containsKey(client)) {
                foundWith.clear();
            }
            foundWith.put(client, way);
        }
    }

    @Override
    public void close() {
        batches.close();
        for (SocketDiagnostics d : pool) {
            d.close();
        }
    }
}
