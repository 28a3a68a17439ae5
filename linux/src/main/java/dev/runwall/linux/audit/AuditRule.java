package dev.runwall.linux.audit;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An audit rule as the kernel holds it ({@code struct audit_rule_data}): the filter list, the
 * action, the syscalls it applies to and its field conditions. Rules listed from the kernel (ours
 * or anybody's) come back in this form, so a rule can be deleted by handing it back unchanged.
 *
 * @param filter   the filter list ({@link #FILTER_EXIT} for syscall-exit rules)
 * @param action   {@link #ACTION_ALWAYS} or {@link #ACTION_NEVER}
 * @param syscalls the syscall numbers (bits) the rule applies to
 * @param fields   conditions, in kernel order
 */
public record AuditRule(int filter, int action, BitSet syscalls, List<AuditRuleField> fields) {
    public static final int FILTER_EXIT = 0x04;
    public static final int ACTION_NEVER = 0;
    public static final int ACTION_ALWAYS = 2;
    public static final int MAX_KEY_BYTES = 256;

    public AuditRule {
        syscalls = (BitSet) syscalls.clone();
        fields = List.copyOf(fields);
    }

    @Override
    public BitSet syscalls() {
        return (BitSet) syscalls.clone();
    }

    /**
     * {@code -a exit,always -F arch=… -S … -k key}: one rule for one ABI.
     *
     * @throws IllegalArgumentException when the key is empty, too long or contains a control
     *                                  character (the kernel joins several keys with \001)
     */
    public static AuditRule exitAlways(AuditArch arch, Collection<Syscall> syscalls, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length == 0 || keyBytes.length > MAX_KEY_BYTES || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("audit key must be 1.." + MAX_KEY_BYTES + " printable bytes: " + key);
        }
        if (syscalls.isEmpty()) {
            throw new IllegalArgumentException("an exit rule needs at least one syscall");
        }
        BitSet mask = new BitSet();
        for (Syscall syscall : syscalls) {
            mask.set(arch.number(syscall));
        }
        return new AuditRule(FILTER_EXIT, ACTION_ALWAYS, mask, List.of(AuditRuleField.arch(arch), AuditRuleField.key(key)));
    }

    /** The rule's filter key, if it has one (several keys are joined by \001 in the kernel). */
    public Optional<String> key() {
        return fields.stream().filter(f -> f.field() == AuditRuleField.FILTER_KEY)
                .flatMap(f -> f.text().stream()).findFirst();
    }
}
