package dev.runwall.linux.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRuleTest {
    @Test
    void anExitRuleHoldsItsAbiItsSyscallsAndItsKey() {
        AuditArch native64 = AuditArch.ofThisMachine().getFirst();
        AuditRule rule = AuditRule.exitAlways(native64, List.of(Syscall.CONNECT, Syscall.EXECVE), "runwall-42");
        assertThat(rule.key()).contains("runwall-42");
        assertThat(rule.filter()).isEqualTo(AuditRule.FILTER_EXIT);
        assertThat(rule.action()).isEqualTo(AuditRule.ACTION_ALWAYS);
        assertThat(rule.syscalls().cardinality()).isEqualTo(2);
        assertThat(rule.syscalls().get(native64.number(Syscall.CONNECT))).isTrue();
        assertThat(rule.syscalls().get(native64.number(Syscall.EXECVE))).isTrue();
        assertThat(rule.fields().getFirst()).isEqualTo(AuditRuleField.arch(native64));
    }

    @Test
    void keysMustBePrintableAndShort() {
        for (String bad : new String[] {"", "a\u0001b", "tab\tkey", "x".repeat(257)}) {
            assertThatThrownBy(() -> AuditRule.exitAlways(AuditArch.X86_64, List.of(Syscall.CONNECT), bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AuditRule.exitAlways(AuditArch.X86_64, List.of(), "k"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syscallNumbersPerAbi() {
        assertThat(AuditArch.X86_64.number(Syscall.EXECVE)).isEqualTo(59);
        assertThat(AuditArch.I386.number(Syscall.CONNECT)).isEqualTo(362);
        assertThat(AuditArch.AARCH64.syscall(203)).contains(Syscall.CONNECT);
        assertThat(AuditArch.ofAuditValue(0x40000003)).contains(AuditArch.I386);
        assertThat(AuditArch.ofAuditValue(1)).isEmpty();
    }
}
