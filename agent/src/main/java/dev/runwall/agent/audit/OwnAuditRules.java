package dev.runwall.agent.audit;

import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditClient;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditStatus;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.procfs.ProcFs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adding and removing the agent's own audit rules: only rules with our key are ever deleted (ours, or those
 * of an earlier runwall whose process is gone), and the audit settings are put back only when no rule of
 * anybody is left.
 */
final class OwnAuditRules {
    static final String KEY_PREFIX = "runwall:";

    private OwnAuditRules() {}

    /**
     * Adds the rules of {@code groups} for every architecture of this machine, each to {@code added} once the
     * kernel has it; false when the kernel lacks the network rules' family filter (then connect alone is audited),
     * true otherwise, also when the network rules were not asked for.
     */
    static boolean add(AuditClient client, String key, Set<AuditRuleGroup> groups, List<AuditRule> added)
            throws ErrnoException, NetlinkParseException {
        boolean familyFilter = true;
        for (AuditArch arch : AuditArch.ofThisMachine()) {
            if (groups.contains(AuditRuleGroup.NETWORK)) {
                familyFilter &= addNetwork(client, arch, key, added);
            }
            addProcessRules(client, arch, key, groups, added);
        }
        return familyFilter;
    }

    /** The network rules for {@code arch}; false when the kernel has no family filter and got connect alone. */
    private static boolean addNetwork(AuditClient client, AuditArch arch, String key, List<AuditRule> added)
            throws ErrnoException, NetlinkParseException {
        int self = (int) ProcessHandle.current().pid();
        try {
            for (AuditRule r : AuditRuleSet.network(arch, key, self)) {
                client.addRule(r);
                added.add(r);
            }
            return true;
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EINVAL) {
                throw e;
            }
            AuditRule connect = AuditRuleSet.connectOnly(arch, key, self); // kernel before saddr_fam
            client.addRule(connect);
            added.add(connect);
            return false;
        }
    }

    /** The rules of {@code groups} other than the network rules, for {@code arch}. */
    private static void addProcessRules(AuditClient client, AuditArch arch, String key, Set<AuditRuleGroup> groups,
            List<AuditRule> added) throws ErrnoException, NetlinkParseException {
        List<AuditRule> rules = new ArrayList<>();
        if (groups.contains(AuditRuleGroup.EXEC)) {
            rules.add(AuditRuleSet.exec(arch, key));
        }
        if (groups.contains(AuditRuleGroup.EXIT)) {
            rules.add(AuditRuleSet.exit(arch, key));
        }
        if (groups.contains(AuditRuleGroup.FORK)) {
            rules.add(AuditRuleSet.fork(arch, key));
        }
        for (AuditRule r : rules) {
            client.addRule(r);
            added.add(r);
        }
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
