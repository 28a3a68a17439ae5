package dev.runwall.linux.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.linux.audit.internal.AuditRuleCodec;
import dev.runwall.linux.audit.internal.AuditStatusCodec;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;

class AuditRuleFuzzTest {

    /** Any AUDIT_LIST_RULES / AUDIT_GET payload: a rule/status or a checked exception. */
    @FuzzTest
    void readNeverThrowsUnchecked(byte[] payload) {
        try {
            AuditRuleCodec.read(WireReader.of(payload)).key();
        } catch (NetlinkParseException expected) {
            // reported to the caller of listRules
        }
        try {
            AuditStatusCodec.read(WireReader.of(payload));
        } catch (NetlinkParseException expected) {
            // reported to the caller of status
        }
    }
}
