package dev.runwall.agent.audit;

import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditRuleField;
import dev.runwall.linux.audit.Syscall;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit rules the agent adds, all with its own key:
 * <ul>
 *   <li>connect, sendto, sendmsg, sendmmsg whose address is IPv4 or IPv6 ({@code saddr_fam}): without the
 *       family condition every send() on every socket of the host (Unix sockets, established TCP) would be
 *       audited; a kernel without it gets connect alone (unconnected UDP sends are then unexplained).
 *       The agent's own process is left out: its DNS answers and upstream queries are not the job's calls;
 *   <li>execve and execveat that succeeded: the process table;
 *   <li>exit_group: when a process ends, and its exit status;
 *   <li>clone, fork and vfork: who started a process that never calls execve, or whose parent exits before
 *       it does (a double-forking daemon): without them its parents are lost. Threads made with clone are
 *       dropped by the reader (glibc makes them with clone3, which is not audited); no "never" rule is
 *       added, so no rule another tool adds later is shadowed.
 * </ul>
 */
public final class AuditRuleSet {
    static final int FIELD_PID = 0;
    static final int FIELD_SUCCESS = 104;
    static final int NOT_EQUAL = 0x30000000;
    static final int FIELD_SADDR_FAM = 113;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    /** CLONE_THREAD in clone's flags (a0): a thread, not a process. */
    static final long CLONE_THREAD = 0x00010000L;
    private static final Map<AuditArch, Integer> EXIT_GROUP = Map.of(
            AuditArch.X86_64, 231, AuditArch.I386, 252, AuditArch.AARCH64, 94, AuditArch.ARM, 248);
    /** clone, fork, vfork (aarch64 has clone only). */
    private static final Map<AuditArch, List<Integer>> FORKS = Map.of(AuditArch.X86_64, List.of(56, 57, 58),
            AuditArch.I386, List.of(120, 2, 190), AuditArch.AARCH64, List.of(220), AuditArch.ARM, List.of(120, 2, 190));

    private AuditRuleSet() {}

    /** Rules for the network syscalls, one per address family, for {@code arch}, leaving out {@code agentPid}. */
    public static List<AuditRule> network(AuditArch arch, String key, int agentPid) {
        List<AuditRule> rules = new ArrayList<>();
        for (int family : new int[] {AF_INET, AF_INET6}) {
            rules.add(rule(arch, mask(arch, Syscall.CONNECT, Syscall.SENDTO, Syscall.SENDMSG, Syscall.SENDMMSG), key,
                    notPid(agentPid), new AuditRuleField(FIELD_SADDR_FAM, AuditRuleField.EQUAL, family, Optional.empty())));
        }
        return rules;
    }

    /** The fallback for kernels without {@code saddr_fam}: connect of any family. */
    public static AuditRule connectOnly(AuditArch arch, String key, int agentPid) {
        return rule(arch, mask(arch, Syscall.CONNECT), key, notPid(agentPid));
    }

    public static AuditRule exec(AuditArch arch, String key) {
        return rule(arch, mask(arch, Syscall.EXECVE, Syscall.EXECVEAT), key,
                new AuditRuleField(FIELD_SUCCESS, AuditRuleField.EQUAL, 1, Optional.empty()));
    }

    public static AuditRule exit(AuditArch arch, String key) {
        BitSet bits = new BitSet();
        bits.set(EXIT_GROUP.get(arch));
        return rule(arch, bits, key);
    }

    public static AuditRule fork(AuditArch arch, String key) {
        BitSet bits = new BitSet();
        FORKS.get(arch).forEach(bits::set);
        return rule(arch, bits, key, new AuditRuleField(FIELD_SUCCESS, AuditRuleField.EQUAL, 1, Optional.empty()));
    }

    /** Whether {@code number} is clone, fork or vfork in {@code arch}. */
    public static boolean isFork(AuditArch arch, int number) {
        return FORKS.get(arch).contains(number);
    }

    /** Whether a clone call (its first argument are the flags) made a thread; fork and vfork never do. */
    public static boolean makesThread(AuditArch arch, int number, List<Long> args) {
        boolean clone = FORKS.get(arch).getFirst() == number;
        return clone && !args.isEmpty() && (args.getFirst() & CLONE_THREAD) != 0;
    }

    /** Whether {@code number} is exit_group in {@code arch}. */
    public static boolean isExitGroup(AuditArch arch, int number) {
        return EXIT_GROUP.get(arch) == number;
    }

    private static BitSet mask(AuditArch arch, Syscall... syscalls) {
        BitSet bits = new BitSet();
        for (Syscall s : syscalls) {
            bits.set(arch.number(s));
        }
        return bits;
    }

    private static AuditRuleField notPid(int pid) {
        return new AuditRuleField(FIELD_PID, NOT_EQUAL, pid, Optional.empty());
    }

    private static AuditRule rule(AuditArch arch, BitSet syscalls, String key, AuditRuleField... conditions) {
        List<AuditRuleField> fields = new ArrayList<>();
        fields.add(AuditRuleField.arch(arch));
        fields.addAll(List.of(conditions));
        fields.add(AuditRuleField.key(key));
        return new AuditRule(AuditRule.FILTER_EXIT, AuditRule.ACTION_ALWAYS, syscalls, fields);
    }
}
