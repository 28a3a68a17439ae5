package dev.runwall.linux.audit;

import java.util.Optional;

/**
 * One condition of an audit rule ({@code -F field op value}).
 *
 * @param field    the {@code AUDIT_*} field number ({@link #ARCH}, {@link #FILTER_KEY}, …)
 * @param operator the {@code AUDIT_*} operator bits ({@link #EQUAL}, …)
 * @param value    the number compared against; for string fields the kernel's length of the text
 * @param text     the text of string fields (key, path, exe, security labels), empty otherwise
 */
public record AuditRuleField(int field, int operator, int value, Optional<String> text) {
    public static final int ARCH = 11;
    public static final int FILTER_KEY = 210;
    public static final int EQUAL = 0x40000000;

    public static AuditRuleField arch(AuditArch arch) {
        return new AuditRuleField(ARCH, EQUAL, arch.auditValue(), Optional.empty());
    }

    public static AuditRuleField key(String key) {
        return new AuditRuleField(FILTER_KEY, EQUAL, key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                Optional.of(key));
    }

    /** Whether the kernel carries this field's value as text in the rule buffer. */
    public static boolean isStringField(int field) {
        return (field >= 13 && field <= 17) || (field >= 19 && field <= 23)
                || field == 105 || field == 107 || field == 112 || field == FILTER_KEY;
    }
}
