package dev.runwall.core.policy;

/**
 * A host name entry. {@code *.example.com} is stored as {@code name = "example.com", wildcard = true} and
 * matches every subdomain at any depth, but not {@code example.com} itself.
 *
 * @param name normalised name (see {@link DomainName})
 */
public record NamePattern(String name, boolean wildcard, PortSpec port) implements EndpointPattern {
    public NamePattern {
        if (name == null || name.isEmpty() || port == null) {
            throw new IllegalArgumentException("name and port are required");
        }
    }

    /** Whether a normalised query name matches this entry (ports aside). */
    public boolean matchesName(String normalizedName) {
        if (!wildcard) {
            return normalizedName.equals(name);
        }
        return normalizedName.length() > name.length() + 1
                && normalizedName.endsWith(name)
                && normalizedName.charAt(normalizedName.length() - name.length() - 1) == '.';
    }

    @Override
    public String text() {
        return (wildcard ? "*." : "") + name + ":" + port;
    }

    @Override
    public String toString() {
        return text();
    }
}
