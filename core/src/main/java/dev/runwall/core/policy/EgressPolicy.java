package dev.runwall.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled egress policy: the mode plus the allowed endpoints, with fast name lookups (a hash map for
 * exact names and one for wildcard suffixes, so a check costs one lookup per label of the name).
 */
public final class EgressPolicy {
    private final EgressMode mode;
    private final List<EndpointPattern> endpoints;
    private final Map<String, Set<PortSpec>> exact = new HashMap<>();
    private final Map<String, Set<PortSpec>> wildcardSuffixes = new HashMap<>();
    private final List<AddressPattern> addresses = new ArrayList<>();

    public EgressPolicy(EgressMode mode, List<EndpointPattern> endpoints) {
        this.mode = mode;
        this.endpoints = List.copyOf(new TreeSet<>(endpoints));
        for (EndpointPattern p : this.endpoints) {
            switch (p) {
                case NamePattern n -> (n.wildcard() ? wildcardSuffixes : exact)
                        .computeIfAbsent(n.name(), k -> new TreeSet<>())
                        .add(n.port());
                case AddressPattern a -> addresses.add(a);
            }
        }
    }

    /** Parses {@code allowedEndpoints} (see {@link AllowedEndpointsParser}). */
    public static EgressPolicy of(EgressMode mode, String allowedEndpoints) throws PolicyException {
        return new EgressPolicy(mode, AllowedEndpointsParser.parse(allowedEndpoints));
    }

    public static EgressPolicy audit() {
        return new EgressPolicy(EgressMode.AUDIT, List.of());
    }

    public EgressMode mode() {
        return mode;
    }

    /** The entries, sorted and without duplicates. */
    public List<EndpointPattern> endpoints() {
        return endpoints;
    }

    /** Whether a DNS name (normalised) is covered by some entry, whatever its port. */
    public boolean allowsName(String normalizedName) {
        return !portsForName(normalizedName).isEmpty();
    }

    /** The ports allowed for a normalised name; empty when the name is not in the policy. */
    public Set<PortSpec> portsForName(String normalizedName) {
        Set<PortSpec> ports = new TreeSet<>(exact.getOrDefault(normalizedName, Set.of()));
        int dot = normalizedName.indexOf('.');
        while (dot >= 0) {
            String suffix = normalizedName.substring(dot + 1);
            ports.addAll(wildcardSuffixes.getOrDefault(suffix, Set.of()));
            dot = normalizedName.indexOf('.', dot + 1);
        }
        return ports;
    }

    /** Whether a flow to {@code address:port} is allowed by an address entry of the policy. */
    public boolean allowsAddress(InetAddress address, int port) {
        for (AddressPattern a : addresses) {
            if (a.contains(address) && a.port().matches(port)) {
                return true;
            }
        }
        return false;
    }

    /** The address and CIDR entries. */
    public List<AddressPattern> addressPatterns() {
        return List.copyOf(addresses);
    }

    /** The policy as an allowed-endpoints string, one entry per line. */
    public String toAllowedEndpoints() {
        StringBuilder sb = new StringBuilder();
        for (EndpointPattern p : endpoints) {
            sb.append(p.text()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "EgressPolicy[" + mode.label() + ", " + endpoints + "]";
    }
}
