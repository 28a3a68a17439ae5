package dev.runwall.core.policy;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP address or CIDR range entry, such as {@code 198.18.7.0/24:443} or {@code [fd52:7761:6c6c::7]:443}.
 *
 * @param network the network address (host bits are zero)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record AddressPattern(InetAddress network, int prefixLength, PortSpec port) implements EndpointPattern {
    public AddressPattern {
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        network = masked(network, prefixLength);
    }

    /** Whether {@code address} lies in this range (ports aside). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(a, prefixLength), n);
    }

    public boolean isSingleAddress() {
        return prefixLength == network.getAddress().length * 8;
    }

    @Override
    public String text() {
        String addr = dev.runwall.core.net.IpText.of(network);
        String range = isSingleAddress() ? addr : addr + "/" + prefixLength;
        return (network instanceof Inet6Address ? "[" + range + "]" : range) + ":" + port;
    }

    @Override
    public String toString() {
        return text();
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        try {
            return InetAddress.getByAddress(mask(address.getAddress(), prefix));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }
}
