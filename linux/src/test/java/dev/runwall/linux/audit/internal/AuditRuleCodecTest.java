package dev.runwall.linux.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditRuleField;
import dev.runwall.linux.audit.AuditStatus;
import dev.runwall.linux.audit.Syscall;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditRuleCodecTest {
    @Test
    void ruleDataLayoutMatchesStructAuditRuleData() throws Exception {
        AuditRule rule = AuditRule.exitAlways(AuditArch.X86_64, List.of(Syscall.CONNECT, Syscall.SENDMMSG), "runwall-1");
        WireReader r = payload(rule);
        assertThat(r.u32()).isEqualTo(AuditRule.FILTER_EXIT);
        assertThat(r.u32()).isEqualTo(AuditRule.ACTION_ALWAYS);
        assertThat(r.u32()).isEqualTo(2);
        assertThat(r.u32()).isZero();
        assertThat(r.u32()).isEqualTo(1 << (42 - 32)); // mask[1]: connect = 42
        r.skip(4 * 7);
        assertThat(r.u32()).isEqualTo(1 << (307 - 288)); // mask[9]: sendmmsg = 307
        r.skip(4 * 54);
        assertThat(r.u32()).isEqualTo(AuditRuleField.ARCH);
        assertThat(r.u32()).isEqualTo(AuditRuleField.FILTER_KEY);
        r.skip(4 * 62);
        assertThat(r.u32()).isEqualTo(0xC000003E);
        assertThat(r.u32()).isEqualTo(9); // key length
        r.skip(4 * 62);
        assertThat(r.u32()).isEqualTo(AuditRuleField.EQUAL);
        r.skip(4 * 63);
        assertThat(r.u32()).isEqualTo(9); // buflen
        assertThat(new String(r.rest())).isEqualTo("runwall-1");
    }

    @Test
    void encodedRulesDecodeToEqualRules() throws Exception {
        AuditRule ours = AuditRule.exitAlways(AuditArch.I386, List.of(Syscall.values()), "runwall-abc");
        assertThat(AuditRuleCodec.read(payload(ours))).isEqualTo(ours);
        AuditRule watch = new AuditRule(AuditRule.FILTER_EXIT, AuditRule.ACTION_ALWAYS, allSyscalls(),
                List.of(new AuditRuleField(105, AuditRuleField.EQUAL, 11, Optional.of("/etc/shadow")),
                        new AuditRuleField(106, AuditRuleField.EQUAL, 6, Optional.empty()),
                        AuditRuleField.key("host-rule")));
        AuditRule decoded = AuditRuleCodec.read(payload(watch));
        assertThat(decoded).isEqualTo(watch);
        assertThat(decoded.key()).contains("host-rule");
    }

    @Test
    void impossibleFieldCountsAndShortBuffersAreParseErrors() {
        byte[] bytes = new byte[1040];
        bytes[8] = 65; // 65 fields
        assertThatThrownBy(() -> AuditRuleCodec.read(WireReader.of(bytes))).isInstanceOf(NetlinkParseException.class);
        byte[] keyWithoutText = new NetlinkMessageBuilder(1, 0).putU32(4).putU32(2).putU32(1).putZeros(256)
                .putU32(210).putZeros(252).putU32(50).putZeros(252).putU32(AuditRuleField.EQUAL).putZeros(252)
                .putU32(50).build(0);
        assertThatThrownBy(() -> AuditRuleCodec.read(WireReader.of(keyWithoutText, 16, keyWithoutText.length - 16)))
                .isInstanceOf(NetlinkParseException.class);
    }

    @Test
    void statusFromARecordedReply() throws Exception {
        AuditStatus status = AuditStatusCodec.read(WireReader.of(HexFormat.of().parseHex(
                "00000000000000000100000000000000000000004000000000000000000000007f000000983a000000000000")));
        assertThat(status).isEqualTo(new AuditStatus(0, 1, 0, 0, 64, 0, 0));
        assertThatThrownBy(() -> AuditStatusCodec.read(WireReader.of(new byte[12])))
                .isInstanceOf(NetlinkParseException.class);
    }

    @Test
    void setRequestsChangeOnlyTheMaskedField() throws Exception {
        WireReader r = NetlinkMessage.parseAll(AuditStatusCodec.set(AuditStatusCodec.BACKLOG_LIMIT, 8192).build(1))
                .getFirst().payloadReader();
        assertThat(r.u32()).isEqualTo(AuditStatusCodec.BACKLOG_LIMIT);
        assertThat(r.u32()).isZero();
        r.skip(12);
        assertThat(r.u32()).isEqualTo(8192);
    }

    private static BitSet allSyscalls() {
        BitSet all = new BitSet();
        all.set(0, 2048);
        return all;
    }

    private static WireReader payload(AuditRule rule) throws NetlinkParseException {
        return NetlinkMessage.parseAll(AuditRuleCodec.write(rule, new NetlinkMessageBuilder(1011, 1)).build(1))
                .getFirst().payloadReader();
    }
}
