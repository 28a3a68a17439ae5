package dev.runwall.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class MappedAddressesTest {
    /** Written out byte by byte: InetAddress.getByName would turn ::ffff:a.b.c.d into IPv4 itself. */
    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void unmappedTurnsOnlyV4MappedAddressesIntoIpv4() throws Exception {
        assertThat(mapped(10, 1, 2, 3)).isInstanceOf(Inet6Address.class);
        assertThat(MappedAddresses.unmapped(mapped(10, 1, 2, 3))).isEqualTo(InetAddress.getByName("10.1.2.3"));
        assertThat(MappedAddresses.unmapped(InetAddress.getByName("::1"))).isEqualTo(InetAddress.getByName("::1"));
        assertThat(MappedAddresses.unmapped(InetAddress.getByName("64:ff9b::a01:203")))
                .as("NAT64, not mapped").isInstanceOf(Inet6Address.class);
        assertThat(MappedAddresses.unmapped(InetAddress.getByName("::a01:203")))
                .as("IPv4-compatible (deprecated), not mapped").isInstanceOf(Inet6Address.class);
        assertThat(MappedAddresses.unmapped(InetAddress.getByName("10.1.2.3"))).isEqualTo(InetAddress.getByName("10.1.2.3"));
    }
}
