package dev.runwall.core.report;

/**
 * What the agent knows it missed. Loss is data: every counter is shown in the report.
 *
 * @param unattributed dns/connection events without a step
 * @param dnsDropped malformed or unanswerable DNS queries dropped by the proxy
 * @param nflogLost kernel flow-log messages lost (ENOBUFS, sequence gaps)
 * @param auditLost audit records lost (the kernel's backlog, our socket's buffer, events cut short)
 * @param processUnknown dns/connection events whose process could not be determined
 * @param unexplainedFlows flows the kernel logged that no audited syscall explains (each such connection
 *     event carries the reason)
 */
public record LossInfo(
        long unattributed, long dnsDropped, long nflogLost, long auditLost, long processUnknown, long unexplainedFlows) {
    public static final LossInfo NONE = new LossInfo(0, 0, 0, 0, 0, 0);

    /** The four counters of the first report version. */
    public LossInfo(long unattributed, long dnsDropped, long nflogLost, long auditLost) {
        this(unattributed, dnsDropped, nflogLost, auditLost, 0, 0);
    }

    public boolean any() {
        return unattributed + dnsDropped + nflogLost + auditLost + processUnknown + unexplainedFlows > 0;
    }
}
