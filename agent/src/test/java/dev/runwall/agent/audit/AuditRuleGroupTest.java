package dev.runwall.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class AuditRuleGroupTest {
    @Test
    void parsesACommaSeparatedListInAnyCase() {
        assertThat(AuditRuleGroup.parse("network, EXEC,fork"))
                .isEqualTo(EnumSet.of(AuditRuleGroup.NETWORK, AuditRuleGroup.EXEC, AuditRuleGroup.FORK));
    }

    @Test
    void anUnknownOrEmptyNameIsRejectedByNameWithTheKnownOnes() {
        assertThatThrownBy(() -> AuditRuleGroup.parse("network,execve"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown audit rule group 'execve': use network, exec, exit or fork, separated by commas");
        assertThatThrownBy(() -> AuditRuleGroup.parse("exec,"))
                .hasMessageStartingWith("unknown audit rule group '':");
    }
}
