package dev.runwall.agent.flow;

import dev.runwall.agent.firewall.LogPrefix;
import dev.runwall.core.policy.PortSpec;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code reason} of a connection event: why the rule that logged the flow decided as it did. */
final class FlowReason {
    static final String OTHER_RESOLVER = "DNS to a resolver other than the agent";
    static final String NO_NAME = "no allowed name resolved to this address";

    private FlowReason() {}

    static String of(LogPrefix prefix, Optional<AddressNames.Match> name, String protocol, int port) {
        if (prefix.otherResolver()) {
            return OTHER_RESOLVER;
        }
        return switch (prefix) {
            case ALLOW_NAME -> name.map(n -> "resolved from " + n.name()).orElse("an allowed name resolved to this address");
            case ALLOW_POLICY -> "address entry of allowed-endpoints";
            case AUDIT_NEW -> name.isPresent() ? null : "no name resolved to this address";
            case BLOCK_OTHER -> blocked(name, protocol, port);
            default -> throw new IllegalArgumentException("not a flow prefix: " + prefix);
        };
    }

    private static String blocked(Optional<AddressNames.Match> name, String protocol, int port) {
        if (name.isEmpty()) {
            return "not in allowed-endpoints: " + NO_NAME;
        }
        AddressNames.Match n = name.get();
        String allowed = n.ports().stream().map(PortSpec::toString).sorted().collect(Collectors.joining(", "));
        return switch (n.state()) {
            case PORT_NOT_ALLOWED -> n.ports().isEmpty()
                    ? "not in allowed-endpoints: " + n.name() + " resolved to this address but is not allowed"
                    : (port == 0 ? protocol : "port " + port) + " is not allowed for " + n.name() + " (allowed: " + allowed + ")";
            case EXPIRED -> "the allowance from " + n.name() + " ran out at " + n.allowedUntil()
                    + " (its DNS TTL): resolve the name again";
            case PORT_ALLOWED -> "not in the allowed set (the allowance from " + n.name() + " had just run out)";
        };
    }
}
