package dev.runwall.agent.audit;

import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditClient;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditStatus;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.procfs.ProcFs;
import java.util.List;

/**
 * Adding and removing the agent's own audit rules: only rules with our key are ever deleted (ours, or those
 * of an earlier runwall whose process is gone), and the audit settings are put back only when no rule of
 * anybody is left.
 */
final class OwnAuditRules {
    static final String KEY_PREFIX = "runwall:";

    private OwnAuditRules() {}

    static boolean add(AuditClient client, String key, List<AuditRule> added)
            throws ErrnoException, NetlinkParseException {
        boolean familyFilter = true;
        int self = (int) ProcessHandle.current().pid();
        for (AuditArch arch : AuditArch.ofThisMachine()) {
            List<AuditRule> network = AuditRuleSet.network(arch, key, self);
            try {
                for (AuditRule r : network) {
                    client.addRule(r);
                    added.add(r);
                }
            } catch (ErrnoException e) {
                if (e.errno() != ErrnoException.EINVAL) {
                    throw e;
                }
                familyFilter = false; // kernel before saddr_fam: fall back to connect() only
                AuditRule connect = AuditRuleSet.connectOnly(arch, key, self);
                client.addRule(connect);
                added.add(connect);
            }
            for (AuditRule r : List.of(AuditRuleSet.exec(arch, key), AuditRuleSet.exit(arch, key),
                    AuditRuleSet.fork(arch, key))) {
                client.addRule(r);
                added.add(r);
            }
        }
        return familyFilter;
    }

    /** Rules of an earlier runwall that was killed (its key names a process that no longer runs). */
    static void removeLeftovers(AuditClient client) throws ErrnoException, NetlinkParseException {
        ProcFs proc = ProcFs.system();
        for (AuditRule r : client.listRules()) {
            String k = r.key().orElse("");
            String[] parts = k.split(":");
            if (!k.startsWith(KEY_PREFIX) || parts.length != 3 || !parts[1].matches("[0-9]{1,9}") || !parts[2].matches("[0-9]{1,19}")) {
                continue;
            }
            boolean alive = proc.stat(Integer.parseInt(parts[1]))
                    .filter(s -> s.startTime() == Long.parseLong(parts[2])).isPresent();
            if (!alive) {
                client.deleteRulesWithKey(k);
            }
        }
    }

    /**
     * Removes our rules; puts the enabled flag and the backlog limit back only when no rule of anybody is
     * left: another agent or auditd may rely on them (audit state is host-wide).
     */
    static void undo(AuditClient client, String key, AuditStatus before, int backlog) {
        try {
            client.deleteRulesWithKey(key);
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            // a rule that could not be removed is found as a leftover by the next start
        }
        try {
            if (!client.listRules().isEmpty()) {
                return;
            }
            if (before.backlogLimit() < backlog) {
                client.setBacklogLimit((int) before.backlogLimit());
            }
            if (!before.isEnabled()) {
                client.setEnabled(false);
            }
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            // settings left as we set them: harmless (more backlog, audit on without rules of ours)
        }
    }
}
