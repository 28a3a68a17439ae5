package dev.runwall.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}): how the kernel shows the IPv4 traffic of a dual-stack
 * IPv6 socket (sock_diag, procfs socket tables, audit SOCKADDR records).
 */
public final class MappedAddresses {
    private MappedAddresses() {}

    /** The IPv4 address a v4-mapped IPv6 address stands for; any other address as it is. */
    public static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        if (b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
