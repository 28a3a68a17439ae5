package dev.runwall.agent.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.firewall.LogPrefix;
import dev.runwall.core.policy.PortSpec;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowReasonTest {
    private static final Instant UNTIL = Instant.parse("2026-01-02T03:04:05Z");

    private static Optional<AddressNames.Match> match(AddressNames.State state, PortSpec... ports) {
        return Optional.of(new AddressNames.Match("short.example", state, Set.of(ports), UNTIL));
    }

    @Test
    void blockedReasonsSayWhatToDo() {
        assertThat(FlowReason.of(LogPrefix.BLOCK_OTHER, match(AddressNames.State.EXPIRED, PortSpec.of(80)), "tcp", 80))
                .isEqualTo("the allowance from short.example ran out at 2026-01-02T03:04:05Z (its DNS TTL): resolve the name again");
        assertThat(FlowReason.of(LogPrefix.BLOCK_OTHER, match(AddressNames.State.PORT_NOT_ALLOWED, PortSpec.of(443),
                PortSpec.of(80)), "icmp", 0)).isEqualTo("icmp is not allowed for short.example (allowed: 443, 80)");
        assertThat(FlowReason.of(LogPrefix.BLOCK_OTHER, match(AddressNames.State.PORT_NOT_ALLOWED), "tcp", 22))
                .isEqualTo("not in allowed-endpoints: short.example resolved to this address but is not allowed");
    }

    @Test
    void auditNamesOnlyWhatIsMissing() {
        assertThat(FlowReason.of(LogPrefix.AUDIT_NEW, match(AddressNames.State.PORT_NOT_ALLOWED), "tcp", 443)).isNull();
        assertThat(FlowReason.of(LogPrefix.AUDIT_NEW, Optional.empty(), "tcp", 443))
                .isEqualTo("no name resolved to this address");
        assertThat(FlowReason.of(LogPrefix.ALLOW_POLICY, Optional.empty(), "tcp", 443))
                .isEqualTo("address entry of allowed-endpoints");
    }
}
