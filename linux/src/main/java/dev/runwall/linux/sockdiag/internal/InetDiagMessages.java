package dev.runwall.linux.sockdiag.internal;

import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import dev.runwall.linux.sockdiag.SocketInfo;
import dev.runwall.linux.sockdiag.SocketProtocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Encodes {@code inet_diag_req_v2} requests and decodes {@code inet_diag_msg} replies. */
public final class InetDiagMessages {
    public static final int SOCK_DIAG_BY_FAMILY = 20;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    private static final int ALL_STATES = 0xffffffff;
    private static final int NO_COOKIE = 0xffffffff;

    private InetDiagMessages() {}

    /** A dump of every socket of one protocol and family. */
    public static NetlinkMessageBuilder dump(SocketProtocol protocol, int family) {
        NetlinkMessageBuilder request = new NetlinkMessageBuilder(SOCK_DIAG_BY_FAMILY,
                NetlinkMessage.F_REQUEST | NetlinkMessage.F_DUMP);
        header(request, protocol, family);
        return socketId(request, new byte[16], 0, new byte[16], 0);
    }

    /**
     * An exact lookup by address pair. {@code local}/{@code remote} are raw 4- or 16-byte
     * addresses of the request family. The kernel reads the UDP key the other way round than the
     * TCP one (for UDP, {@code idiag_src} is the peer: a historical quirk), so UDP swaps them here.
     */
    public static NetlinkMessageBuilder lookup(SocketProtocol protocol, int family, byte[] local, int localPort,
                                               byte[] remote, int remotePort) {
        NetlinkMessageBuilder request = new NetlinkMessageBuilder(SOCK_DIAG_BY_FAMILY,
                NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK);
        header(request, protocol, family);
        return protocol == SocketProtocol.UDP
                ? socketId(request, remote, remotePort, local, localPort)
                : socketId(request, local, localPort, remote, remotePort);
    }

    /** Decodes one reply message ({@code inet_diag_msg}; attributes after it are ignored). */
    public static SocketInfo parse(NetlinkMessage message, SocketProtocol protocol) throws NetlinkParseException {
        WireReader r = message.payloadReader();
        int family = r.u8();
        if (family != AF_INET && family != AF_INET6) {
            throw new NetlinkParseException("inet_diag_msg with address family " + family);
        }
        int state = r.u8();
        r.skip(2); // timer, retrans
        int sourcePort = r.u16be();
        int destinationPort = r.u16be();
        byte[] source = r.bytes(16);
        byte[] destination = r.bytes(16);
        int interfaceIndex = r.u32();
        long cookie = Integer.toUnsignedLong(r.u32()) | Integer.toUnsignedLong(r.u32()) << 32;
        r.skip(12); // expires, rqueue, wqueue
        long uid = Integer.toUnsignedLong(r.u32());
        long inode = Integer.toUnsignedLong(r.u32());
        return new SocketInfo(protocol, family == AF_INET ? 4 : 6,
                new InetSocketAddress(address(family, source), sourcePort),
                new InetSocketAddress(address(family, destination), destinationPort),
                state, uid, inode, interfaceIndex, cookie);
    }

    private static void header(NetlinkMessageBuilder request, SocketProtocol protocol, int family) {
        request.putU8(family).putU8(protocol.number()).putU8(0).putU8(0).putU32(ALL_STATES);
    }

    private static NetlinkMessageBuilder socketId(NetlinkMessageBuilder request, byte[] source, int sourcePort,
                                                  byte[] destination, int destinationPort) {
        return request.putU16be(sourcePort).putU16be(destinationPort)
                .putBytes(padded(source)).putBytes(padded(destination))
                .putU32(0).putU32(NO_COOKIE).putU32(NO_COOKIE);
    }

    private static byte[] padded(byte[] address) {
        return java.util.Arrays.copyOf(address, 16);
    }

    private static InetAddress address(int family, byte[] sixteen) {
        try {
            return family == AF_INET
                    ? InetAddress.getByAddress(java.util.Arrays.copyOf(sixteen, 4))
                    : Inet6Address.getByAddress(null, sixteen, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
