package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditParseException;
import dev.runwall.linux.audit.SocketAddressValue;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Decodes the {@code struct sockaddr} bytes of a SOCKADDR record's {@code saddr} field. */
public final class SockaddrDecoder {
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;

    private SockaddrDecoder() {}

    public static SocketAddressValue decode(byte[] sockaddr) throws AuditParseException {
        WireReader r = WireReader.of(sockaddr);
        try {
            int family = r.u16();
            return switch (family) {
                case AF_INET -> {
                    int port = r.u16be();
                    yield new SocketAddressValue.Inet(new InetSocketAddress(InetAddress.getByAddress(r.bytes(4)), port));
                }
                case AF_INET6 -> {
                    int port = r.u16be();
                    r.skip(4); // flow info
                    InetAddress address = Inet6Address.getByAddress(null, r.bytes(16), -1);
                    yield new SocketAddressValue.Inet(new InetSocketAddress(address, port));
                }
                case AF_UNIX -> unix(r.rest());
                case AF_NETLINK -> {
                    r.skip(2);
                    long portId = Integer.toUnsignedLong(r.u32());
                    yield new SocketAddressValue.Netlink(portId, r.u32());
                }
                default -> new SocketAddressValue.Other(family);
            };
        } catch (NetlinkParseException e) {
            throw new AuditParseException("sockaddr of " + sockaddr.length + " bytes is too short: " + e.getMessage(), e);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static SocketAddressValue unix(byte[] path) {
        if (path.length > 0 && path[0] == 0) {
            return new SocketAddressValue.Unix(new String(path, 1, path.length - 1, StandardCharsets.UTF_8), true);
        }
        int end = 0;
        while (end < path.length && path[end] != 0) {
            end++;
        }
        return new SocketAddressValue.Unix(new String(Arrays.copyOf(path, end), StandardCharsets.UTF_8), false);
    }
}
