package dev.runwall.dns.internal;

import dev.runwall.core.policy.DomainName;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PortSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/**
 * What the policy says about a name read from the wire, remembered per name: normalising a name (IDN
 * rules) and matching it cost more than the rest of a cached answer, and a CI job asks for the same few
 * names again and again. The policy never changes for the life of the proxy, so nothing goes stale.
 */
public final class NamePolicy {
    /** Forgetting everything once this many names were seen keeps a flood of random names bounded. */
    static final int MAX_REMEMBERED = 16_384;

    /**
     * @param domain the normalised host name, or the lower-case presentation form when {@code hostName} is
     *     false (escaped bytes stay escaped, so such a name can never equal a policy entry)
     * @param allowed whether the policy covers the name
     * @param ports the ports the policy allows for it
     */
    public record Known(String domain, boolean hostName, boolean allowed, Set<PortSpec> ports) {}

    private final EgressPolicy policy;
    private final ConcurrentHashMap<Name, Known> remembered = new ConcurrentHashMap<>();

    public NamePolicy(EgressPolicy policy) {
        this.policy = policy;
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** The facts for {@code name}; {@link Name#equals} ignores case, so every spelling shares one entry. */
    public Known of(Name name) {
        Known known = remembered.get(name);
        if (known == null) {
            known = look(name);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(name, known);
        }
        return known;
    }

    private Known look(Name name) {
        if (name.equals(Name.root)) {
            return new Known(".", false, false, Set.of());
        }
        String presentation = name.toString(true).toLowerCase(Locale.ROOT);
        Optional<String> normalized = DomainName.tryNormalize(presentation);
        if (normalized.isEmpty()) {
            return new Known(presentation, false, false, Set.of());
        }
        Set<PortSpec> ports = Set.copyOf(policy.portsForName(normalized.get()));
        return new Known(normalized.get(), true, !ports.isEmpty(), ports);
    }
}
