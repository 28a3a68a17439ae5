package dev.runwall.agent.attribution;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.procfs.ProcFs;
import java.net.InetSocketAddress;
import java.util.List;

/** Picks the best process attributor this kernel supports. */
public final class Attributors {
    private Attributors() {}

    /**
     * sock_diag when the kernel offers it (fast, exact); otherwise the procfs socket tables.
     *
     * @param servers the DNS proxy's listen addresses
     */
    public static ProcessAttributor best(List<InetSocketAddress> servers) {
        try {
            return new SockDiagAttributor(servers, ProcFs.system(), 4);
        } catch (ErrnoException | RuntimeException e) {
            return new ProcfsAttributor(ProcFs.system());
        }
    }
}
