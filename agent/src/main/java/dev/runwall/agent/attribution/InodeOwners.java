package dev.runwall.agent.attribution;

import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which process holds a socket inode. A hit is remembered with the process's start time, so a cached
 * owner that exited (and whose pid may be reused) is detected by one stat read and looked up again.
 */
final class InodeOwners {
    private static final int MAX_ENTRIES = 8192;
    private final ProcFs proc;
    private final Map<Long, ProcStat> cache = new ConcurrentHashMap<>();

    InodeOwners(ProcFs proc) {
        this.proc = proc;
    }

    Optional<ProcStat> ownerOf(long inode) {
        ProcStat cached = cache.get(inode);
        if (cached != null) {
            Optional<ProcStat> now = proc.stat(cached.pid());
            if (now.isPresent() && now.get().startTime() == cached.startTime()) {
                return now;
            }
            cache.remove(inode);
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
        cache.put(inode, stat);
    }
}
