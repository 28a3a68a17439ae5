package dev.runwall.agent.audit;

import dev.runwall.linux.audit.AuditClient;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditStatus;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.procfs.ProcFs;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's own audit rules, loaded: audit enabled and the backlog raised if need be, leftovers of a killed
 * runwall removed, our rules added under a key naming this process. {@link #close()} removes exactly those
 * rules and puts the settings back when no rule of anybody is left ({@link OwnAuditRules}).
 * {@link AuditSubscription} reads the events; the attribution benchmark loads the rules alone to measure
 * what the kernel's side costs.
 */
public final class LoadedAuditRules implements AutoCloseable {
    /** Records the kernel may queue: the default 64 overflows with a few hundred processes a second. */
    static final int BACKLOG = 8192;

    private final AuditClient client;
    private final AuditStatus before;
    private final String key;
    private final List<AuditRule> added;
    private final boolean networkFamilyFilter;
    private boolean closed;

    private LoadedAuditRules(AuditClient client, AuditStatus before, String key, List<AuditRule> added,
            boolean networkFamilyFilter) {
        this.client = client;
        this.before = before;
        this.key = key;
        this.added = List.copyOf(added);
        this.networkFamilyFilter = networkFamilyFilter;
    }

    /**
     * @throws AuditUnavailableException when audit cannot be used (no CAP_AUDIT_CONTROL, rules locked, no
     *     kernel support); nothing was changed then
     */
    public static LoadedAuditRules load() throws AuditUnavailableException {
        return load(EnumSet.allOf(AuditRuleGroup.class));
    }

    /**
     * Only the rules of {@code groups}: for the attribution benchmark, which measures what each group costs a
     * job. The agent needs them all.
     *
     * @throws AuditUnavailableException as {@link #load()}
     */
    public static LoadedAuditRules load(Set<AuditRuleGroup> groups) throws AuditUnavailableException {
        AuditClient client;
        AuditStatus status;
        try {
            client = AuditClient.open();
            status = client.status();
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            throw new AuditUnavailableException("the kernel audit netlink is not usable (" + e.getMessage()
                    + "): the kernel needs CONFIG_AUDITSYSCALL and runwall CAP_AUDIT_CONTROL and CAP_AUDIT_READ", e);
        }
        if (status.isLocked()) {
            client.close();
            throw new AuditUnavailableException("audit rules are locked until reboot (auditctl -e 2 was run), so "
                    + "runwall cannot add its own; processes are attributed from procfs only", null);
        }
        String key = OwnAuditRules.KEY_PREFIX + ProcessHandle.current().pid() + ":" + ownStartTime();
        List<AuditRule> added = new ArrayList<>();
        try {
            if (!status.isEnabled()) {
                client.setEnabled(true);
            }
            if (status.backlogLimit() < BACKLOG) {
                client.setBacklogLimit(BACKLOG);
            }
            OwnAuditRules.removeLeftovers(client);
            boolean familyFilter = OwnAuditRules.add(client, key, groups, added);
            return new LoadedAuditRules(client, status, key, added, familyFilter);
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            OwnAuditRules.undo(client, key, status, BACKLOG);
            client.close();
            throw new AuditUnavailableException("cannot add runwall's audit rules: " + e.getMessage(), e);
        }
    }

    /** Our rule key ({@code runwall:PID:STARTTIME}); rules with it are ours alone. */
    public String key() {
        return key;
    }

    /** The rules added, as the kernel lists them. */
    public List<AuditRule> rules() {
        return added;
    }

    /** False on kernels without the {@code saddr_fam} rule field: then only connect() is audited. */
    public boolean networkFamilyFilter() {
        return networkFamilyFilter;
    }

    /** Removes exactly our rules and restores the audit settings we changed; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OwnAuditRules.undo(client, key, before, BACKLOG);
        client.close();
    }

    private static long ownStartTime() {
        return ProcFs.system().stat((int) ProcessHandle.current().pid()).map(s -> s.startTime()).orElse(0L);
    }
}
