package dev.runwall.core.policy;

/**
 * A port in a policy entry: one TCP/UDP port, or any port ({@code *}).
 *
 * @param number 1..65535, or 0 for any port
 */
public record PortSpec(int number) implements Comparable<PortSpec> {
    /** Any port: {@code host:*}. */
    public static final PortSpec ANY = new PortSpec(0);
    /** The default port of an entry without one, as in Harden-Runner's allowed-endpoints. */
    public static final PortSpec DEFAULT = new PortSpec(443);

    public PortSpec {
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("port out of range: " + number);
        }
    }

    public static PortSpec of(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new PortSpec(port);
    }

    public boolean isAny() {
        return number == 0;
    }

    public boolean matches(int port) {
        return isAny() || number == port;
    }

    @Override
    public int compareTo(PortSpec o) {
        return Integer.compare(number, o.number);
    }

    @Override
    public String toString() {
        return isAny() ? "*" : Integer.toString(number);
    }
}
