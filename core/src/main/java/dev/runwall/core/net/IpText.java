package dev.runwall.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as people write them: IPv4 dotted quads, IPv6 in the canonical RFC 5952 form (lower case,
 * leading zeros dropped, the longest run of two or more zero groups as {@code ::}), which Java's
 * {@code getHostAddress()} does not produce.
 */
public final class IpText {
    private IpText() {}

    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** {@code [v6]} or the IPv4 text, for {@code host:port} notation. */
    public static String bracketed(InetAddress address) {
        return address instanceof Inet6Address ? "[" + of(address) + "]" : of(address);
    }
}
