package dev.runwall.linux.audit;

/**
 * The kernel's audit state ({@code struct audit_status}, {@code auditctl -s}).
 *
 * @param enabled      0 off, 1 on, 2 locked (rules cannot change until reboot)
 * @param failure      what the kernel does on a critical failure (0 silent, 1 printk, 2 panic)
 * @param daemonPid    the pid of the registered audit daemon (auditd), 0 when none
 * @param rateLimit    records per second, 0 unlimited
 * @param backlogLimit records the kernel queues before dropping (or making callers wait)
 * @param lost         records the kernel has dropped since boot (rate, backlog, memory)
 * @param backlog      records waiting in the queue now
 */
public record AuditStatus(int enabled, int failure, long daemonPid, long rateLimit, long backlogLimit, long lost,
                          long backlog) {
    public boolean isEnabled() {
        return enabled != 0;
    }

    public boolean isLocked() {
        return enabled == 2;
    }
}
