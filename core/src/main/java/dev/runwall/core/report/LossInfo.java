package dev.runwall.core.report;

/**
 * What the agent knows it missed. Loss is data: every counter is shown in the report.
 *
 * @param unattributed events whose process or step could not be determined
 * @param dnsDropped malformed or unanswerable DNS queries dropped by the proxy
 * @param nflogLost kernel flow-log messages lost (ENOBUFS, sequence gaps)
 * @param auditLost audit events lost
 */
public record LossInfo(long unattributed, long dnsDropped, long nflogLost, long auditLost) {
    public static final LossInfo NONE = new LossInfo(0, 0, 0, 0);

    public boolean any() {
        return unattributed + dnsDropped + nflogLost + auditLost > 0;
    }
}
