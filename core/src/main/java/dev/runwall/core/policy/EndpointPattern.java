package dev.runwall.core.policy;

/** One entry of an allowed-endpoints policy: a host name pattern or an address range, with a port. */
public sealed interface EndpointPattern extends Comparable<EndpointPattern> permits NamePattern, AddressPattern {
    PortSpec port();

    /** The canonical text of the entry, as {@code runwall policy} prints it. */
    String text();

    @Override
    default int compareTo(EndpointPattern o) {
        return text().compareTo(o.text());
    }
}
