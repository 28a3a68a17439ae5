package dev.runwall.agent.attribution;

import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which process holds a socket inode. A hit is remembered with the process's start time. The caller has
 * just found the inode alive in the kernel, so a remembered owner is taken as it is for up to a second
 * (the socket still exists, held by that process or by a child it shared it with); after that one stat
 * read checks that the owner still runs (its pid may have been reused), else procfs is scanned again.
 */
final class InodeOwners {
    private static final int MAX_ENTRIES = 8192;
    private static final long TRUSTED_NANOS = 1_000_000_000L;
    private final ProcFs proc;
    private final Map<Long, Owner> cache = new ConcurrentHashMap<>();

    private record Owner(ProcStat stat, long checkedNanos) {}

    InodeOwners(ProcFs proc) {
        this.proc = proc;
    }

    /** The owner when it is remembered and fresh, or checked with one stat read; null when procfs must be scanned. */
    Optional<ProcStat> remembered(long inode) {
        Owner cached = cache.get(inode);
        if (cached == null) {
            return null;
        }
        long now = System.nanoTime();
        if (now - cached.checkedNanos() < TRUSTED_NANOS) {
            return Optional.of(cached.stat());
        }
        Optional<ProcStat> stat = proc.stat(cached.stat().pid());
        if (stat.isPresent() && stat.get().startTime() == cached.stat().startTime()) {
            cache.put(inode, new Owner(stat.get(), now));
            return stat;
        }
        cache.remove(inode);
        return null;
    }

    Optional<ProcStat> ownerOf(long inode) {
        Optional<ProcStat> known = remembered(inode);
        if (known != null) {
            return known;
        }
        for (int pid : proc.pidsDescending()) {
            if (proc.socketInodes(pid).contains(inode)) {
                Optional<ProcStat> stat = proc.stat(pid);
                stat.ifPresent(s -> remember(inode, s));
                return stat;
            }
        }
        return Optional.empty();
    }

    private void remember(long inode, ProcStat stat) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(inode, new Owner(stat, System.nanoTime()));
    }
}
