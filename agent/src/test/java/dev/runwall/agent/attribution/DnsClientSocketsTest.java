package dev.runwall.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.sockdiag.SocketInfo;
import dev.runwall.linux.sockdiag.SocketProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DnsClientSocketsTest {
    private static final InetSocketAddress PROXY = at("127.0.0.1", 53);
    private static final InetSocketAddress PROXY6 = at("::1", 53);
    private static final InetSocketAddress NOWHERE = at("0.0.0.0", 0);
    private static final InetSocketAddress NOWHERE6 = at("::", 0);

    private static InetSocketAddress at(String address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IPv6 address written out byte by byte, so that a v4-mapped one stays an Inet6Address as sock_diag gives it. */
    private static InetSocketAddress mapped(int a, int b, int c, int d, int port) throws Exception {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        return new InetSocketAddress(java.net.Inet6Address.getByAddress(null, bytes, -1), port);
    }

    private static SocketInfo udp(int version, InetSocketAddress local, InetSocketAddress remote, long inode) {
        return new SocketInfo(SocketProtocol.UDP, version, local, remote, remote.getPort() == 0 ? 7 : 1, 0, inode, 0,
                inode);
    }

    private static long inodeOf(DnsClientSockets sockets, InetSocketAddress client) {
        return sockets.find(client).map(SocketInfo::inode).orElse(-1L);
    }

    @Test
    void theExactAddressBeatsTheWildcardAndAConnectedSocketBeatsAnUnconnectedOne() {
        DnsClientSockets sockets = new DnsClientSockets(List.of(
                udp(4, at("0.0.0.0", 5000), NOWHERE, 1),
                udp(4, at("127.0.0.1", 5000), NOWHERE, 2),
                udp(4, at("0.0.0.0", 5001), NOWHERE, 3),
                udp(4, at("127.0.0.1", 5002), NOWHERE, 4),
                udp(4, at("127.0.0.1", 5002), PROXY, 5)), Set.of(PROXY));

        assertThat(inodeOf(sockets, at("127.0.0.1", 5000))).isEqualTo(2);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5001))).as("only the wildcard").isEqualTo(3);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5002))).isEqualTo(5);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5003))).as("no socket on that port").isEqualTo(-1);
    }

    @Test
    void aSocketConnectedToAnotherPeerOrBoundToAnotherAddressIsNotTheClients() {
        DnsClientSockets sockets = new DnsClientSockets(List.of(
                udp(4, at("127.0.0.1", 5000), at("127.0.0.1", 9), 1),
                udp(4, at("127.0.0.2", 5001), NOWHERE, 2),
                udp(4, at("0.0.0.0", 5002), NOWHERE, 3)), Set.of(PROXY));

        assertThat(inodeOf(sockets, at("127.0.0.1", 5000))).isEqualTo(-1);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5001))).isEqualTo(-1);
        assertThat(inodeOf(sockets, at("::1", 5002))).as("an IPv4 socket never sends from IPv6").isEqualTo(-1);
    }

    @Test
    void anIpv4ClientOnADualStackIpv6SocketIsFoundByItsMappedOrWildcardAddress() throws Exception {
        DnsClientSockets sockets = new DnsClientSockets(List.of(
                udp(6, mapped(127, 0, 0, 1, 5000), mapped(127, 0, 0, 1, 53), 1),
                udp(6, at("::", 5001), NOWHERE6, 2),
                udp(6, at("::1", 5002), PROXY6, 3),
                udp(6, mapped(127, 0, 0, 1, 5003), mapped(127, 0, 0, 1, 54), 4)), Set.of(PROXY, PROXY6));

        assertThat(inodeOf(sockets, at("127.0.0.1", 5000))).isEqualTo(1);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5001))).isEqualTo(2);
        assertThat(inodeOf(sockets, at("::1", 5001))).isEqualTo(2);
        assertThat(inodeOf(sockets, at("::1", 5002))).isEqualTo(3);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5002))).as("bound to ::1, it cannot send from 127.0.0.1")
                .isEqualTo(-1);
        assertThat(inodeOf(sockets, at("127.0.0.1", 5003))).as("connected to another port").isEqualTo(-1);
    }
}
