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

    /** {@code INET_DIAG_REQ_BYTECODE}: a filter program the kernel runs on each socket of a dump. */
    static final int REQ_BYTECODE = 1;
    private static final int BC_JMP = 1;
    private static final int BC_S_EQ = 11;

    /**
     * A dump of the sockets of one protocol and family whose local port is one of {@code localPorts}: the
     * kernel still walks every socket, but sends (and we parse) only those.
     *
     * @param localPorts 1 to 4,096 ports
     */
    public static NetlinkMessageBuilder dump(SocketProtocol protocol, int family, java.util.Collection<Integer> localPorts) {
        return dump(protocol, family).attribute(REQ_BYTECODE, localPortFilter(localPorts));
    }

    /**
     * The filter "local port is p1, or p2, …" in {@code inet_diag} bytecode (native byte order). Each test
     * is an {@code S_EQ} op (8 bytes, the port in the second op's {@code no}): on a match it falls through to
     * a {@code JMP} whose {@code no} lands exactly on the end (accept); otherwise it skips that jump to the
     * next test. The last test's {@code no} points 4 bytes past the end (reject). The kernel's audit walks
     * the {@code yes} chain, so every op is on it (the layout the kernel's own filter checker expects).
     */
    static byte[] localPortFilter(java.util.Collection<Integer> localPorts) {
        int[] ports = localPorts.stream().mapToInt(Integer::intValue).distinct().toArray();
        if (ports.length == 0 || ports.length > 4096) {
            throw new IllegalArgumentException("between 1 and 4096 ports, not " + ports.length);
        }
        int length = 12 * (ports.length - 1) + 8;
        java.nio.ByteBuffer bc = java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] < 0 || ports[i] > 0xffff) {
                throw new IllegalArgumentException("not a port: " + ports[i]);
            }
            bc.put((byte) BC_S_EQ).put((byte) 8).putShort((short) 12); // match: to the jump; else: next test
            bc.put((byte) 0).put((byte) 0).putShort((short) ports[i]);
            if (i < ports.length - 1) {
                int toEnd = length - bc.position();
                bc.put((byte) BC_JMP).put((byte) 4).putShort((short) toEnd); // lands on the end: accept
            }
        }
        return bc.array();
    }

    /**
     * An exact lookup by address pair. {@code local}/{@code remote} are raw 4- or 16-byte
     * addresses of the request family. The kernel reads the UDP key the other way round than the
     * TCP one (for UDP, {@code idiag_src} is the peer: a historical quirk), so UDP swaps them here.
     *
     * <p>No {@code NLM_F_ACK}: the kernel answers a lookup with exactly one message either way, the socket
     * when it exists, else an {@code NLMSG_ERROR} (ENOENT), so asking for an acknowledgement as well would
     * only cost a second datagram (and a second receive) on every hit.
     */
    public static NetlinkMessageBuilder lookup(SocketProtocol protocol, int family, byte[] local, int localPort,
                                               byte[] remote, int remotePort) {
        NetlinkMessageBuilder request = new NetlinkMessageBuilder(SOCK_DIAG_BY_FAMILY, NetlinkMessage.F_REQUEST);
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
