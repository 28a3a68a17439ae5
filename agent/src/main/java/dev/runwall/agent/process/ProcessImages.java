package dev.runwall.agent.process;

import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.util.Optional;

/** Builds {@link ProcessImage}s from audit records and from procfs (command lines redacted when read). */
final class ProcessImages {
    private final ProcFs proc;

    ProcessImages(ProcFs proc) {
        this.proc = proc;
    }

    ProcFs proc() {
        return proc;
    }

    /** A process as procfs shows it now. */
    ProcessImage fromProcfs(ProcStat s) {
        ProcessImage image = new ProcessImage(s.comm(), proc.exe(s.pid()).orElse(null),
                CommandLine.of(proc.cmdline(s.pid())), uidOf(s.pid()), s.sessionId(), null, null);
        return withCgroup(s.pid(), image);
    }

    /**
     * The image a record describes; the session comes from procfs (audit's {@code ses} is the login
     * session), the cgroup too while the process runs (else it stays the known one).
     */
    ProcessImage fromRecord(ProcessSighting s, ProcessNode known, Optional<ProcStat> stat) {
        CommandLine argv = s.argv().isEmpty() && known != null ? known.image().arguments() : CommandLine.of(s.argv());
        int session = stat.map(ProcStat::sessionId).orElse(known != null ? known.image().sessionId() : s.sessionId());
        ProcessImage image = new ProcessImage(s.comm(), s.exe(), argv, s.uid(), session,
                known == null ? null : known.image().cgroup(), known == null ? null : known.image().container());
        return withCgroup(s.pid(), image);
    }

    /** procfs stat of a process that is still the one with this parent (else it exited, or was reparented). */
    Optional<ProcStat> statOf(int pid, int ppid) {
        return proc.stat(pid).filter(s -> s.ppid() == ppid);
    }

    private ProcessImage withCgroup(int pid, ProcessImage image) {
        return proc.read(pid + "/cgroup").map(CgroupFile::parse).filter(c -> c.unifiedPath() != null)
                .map(c -> image.inCgroup(c.unifiedPath(), c.container())).orElse(image);
    }

    private int uidOf(int pid) {
        for (String line : proc.read(pid + "/status").orElse("").split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).strip().split("\\s+");
                return f.length > 0 && f[0].chars().allMatch(Character::isDigit) && f[0].length() < 10
                        ? Integer.parseInt(f[0]) : -1;
            }
        }
        return -1;
    }
}
