package dev.runwall.agent.audit;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The groups of rules in {@link AuditRuleSet}. The agent loads them all; the attribution benchmark loads a
 * subset to measure what each costs a job (docs/benchmarks.md, "the floor, rule by rule").
 */
public enum AuditRuleGroup {
    /** connect, sendto, sendmsg, sendmmsg with an IPv4 or IPv6 address. */
    NETWORK,
    /** execve and execveat that succeeded. */
    EXEC,
    /** exit_group. */
    EXIT,
    /** clone, fork, vfork that succeeded. */
    FORK;

    /**
     * Groups from a comma-separated list of their names in any case ({@code network,exec}).
     *
     * @throws IllegalArgumentException naming the unknown group and the known ones
     */
    public static Set<AuditRuleGroup> parse(String list) {
        Set<AuditRuleGroup> groups = EnumSet.noneOf(AuditRuleGroup.class);
        for (String name : list.split(",", -1)) {
            try {
                groups.add(valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown audit rule group '" + name.strip()
                        + "': use network, exec, exit or fork, separated by commas", e);
            }
        }
        return groups;
    }
}
