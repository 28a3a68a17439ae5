package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditRuleField;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/** {@code struct audit_rule_data} to and from bytes. */
public final class AuditRuleCodec {
    static final int BITMASK_WORDS = 64;
    static final int MAX_FIELDS = 64;

    private AuditRuleCodec() {}

    /** Appends the rule to a request (AUDIT_ADD_RULE / AUDIT_DEL_RULE). */
    public static NetlinkMessageBuilder write(AuditRule rule, NetlinkMessageBuilder request) {
        List<AuditRuleField> fields = rule.fields();
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("an audit rule has at most " + MAX_FIELDS + " fields");
        }
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        for (AuditRuleField field : fields) {
            field.text().ifPresent(text -> strings.writeBytes(text.getBytes(StandardCharsets.UTF_8)));
        }
        request.putU32(rule.filter()).putU32(rule.action()).putU32(fields.size());
        long[] words = rule.syscalls().toLongArray();
        for (int i = 0; i < BITMASK_WORDS; i++) {
            long word = i / 2 < words.length ? words[i / 2] : 0;
            request.putU32((int) (i % 2 == 0 ? word : word >>> 32));
        }
        for (int i = 0; i < MAX_FIELDS; i++) {
            request.putU32(i < fields.size() ? fields.get(i).field() : 0);
        }
        for (int i = 0; i < MAX_FIELDS; i++) {
            request.putU32(i < fields.size() ? fields.get(i).value() : 0);
        }
        for (int i = 0; i < MAX_FIELDS; i++) {
            request.putU32(i < fields.size() ? fields.get(i).operator() : 0);
        }
        byte[] buffer = strings.toByteArray();
        return request.putU32(buffer.length).putBytes(buffer);
    }

    /** Reads one rule from an AUDIT_LIST_RULES reply payload. */
    public static AuditRule read(WireReader r) throws NetlinkParseException {
        int filter = r.u32();
        int action = r.u32();
        int count = r.u32();
        if (count < 0 || count > MAX_FIELDS) {
            throw new NetlinkParseException("audit rule with " + Integer.toUnsignedString(count) + " fields");
        }
        long[] words = new long[BITMASK_WORDS / 2];
        for (int i = 0; i < BITMASK_WORDS; i++) {
            long word = Integer.toUnsignedLong(r.u32());
            words[i / 2] |= i % 2 == 0 ? word : word << 32;
        }
        int[] numbers = new int[MAX_FIELDS];
        int[] values = new int[MAX_FIELDS];
        int[] operators = new int[MAX_FIELDS];
        for (int i = 0; i < MAX_FIELDS; i++) {
            numbers[i] = r.u32();
        }
        for (int i = 0; i < MAX_FIELDS; i++) {
            values[i] = r.u32();
        }
        for (int i = 0; i < MAX_FIELDS; i++) {
            operators[i] = r.u32();
        }
        WireReader buffer = r.slice(r.u32());
        List<AuditRuleField> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<String> text = Optional.empty();
            if (AuditRuleField.isStringField(numbers[i])) {
                text = Optional.of(new String(buffer.bytes(values[i]), StandardCharsets.UTF_8));
            }
            fields.add(new AuditRuleField(numbers[i], operators[i], values[i], text));
        }
        return new AuditRule(filter, action, BitSet.valueOf(words), fields);
    }
}
