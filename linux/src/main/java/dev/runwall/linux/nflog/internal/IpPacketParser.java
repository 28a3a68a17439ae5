package dev.runwall.linux.nflog.internal;

import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decodes the IPv4/IPv6 header and the TCP/UDP/ICMP header from the first bytes of a logged
 * packet. The bytes may be cut anywhere by the copy range: a missing transport header gives
 * {@link Transport.Other}; a missing or inconsistent IP header is a parse error.
 */
public final class IpPacketParser {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    /** More IPv6 extension headers than this is not a packet anyone sends legitimately. */
    private static final int MAX_EXTENSION_HEADERS = 16;

    private IpPacketParser() {}

    /** Empty when the bytes are neither IPv4 nor IPv6 (by the version nibble). */
    public static Optional<IpPacket> parse(byte[] packet) throws NetlinkParseException {
        if (packet.length == 0) {
            return Optional.empty();
        }
        int version = (packet[0] & 0xff) >>> 4;
        return switch (version) {
            case 4 -> Optional.of(parseV4(WireReader.of(packet)));
            case 6 -> Optional.of(parseV6(WireReader.of(packet)));
            default -> Optional.empty();
        };
    }

    private static IpPacket parseV4(WireReader r) throws NetlinkParseException {
        int headerLength = (r.u8() & 0x0f) * 4;
        if (headerLength < 20) {
            throw new NetlinkParseException("IPv4 header length " + headerLength + " is below 20");
        }
        r.skip(5); // tos, total length, identification
        int fragment = r.u16be() & 0x1fff;
        r.skip(1); // ttl
        int protocol = r.u8();
        r.skip(2); // checksum
        InetAddress source = address(r.bytes(4));
        InetAddress destination = address(r.bytes(4));
        r.skip(headerLength - 20);
        Transport transport = fragment != 0 ? new Transport.Other(protocol) : transport(protocol, r, false);
        return new IpPacket(4, source, destination, transport);
    }

    private static IpPacket parseV6(WireReader r) throws NetlinkParseException {
        r.skip(6); // version, traffic class, flow label, payload length
        int next = r.u8();
        r.skip(1); // hop limit
        InetAddress source = address6(r.bytes(16));
        InetAddress destination = address6(r.bytes(16));
        for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination options, mobility, HIP, shim6
                    if (r.remaining() < 2) {
                        return new IpPacket(6, source, destination, new Transport.Other(next));
                    }
                    int following = r.u8();
                    int length = (r.u8() + 1) * 8;
                    if (!skipWithin(r, length - 2)) {
                        return new IpPacket(6, source, destination, new Transport.Other(following));
                    }
                    next = following;
                }
                case 44 -> { // fragment: 8 bytes; only the first fragment carries the transport header
                    if (r.remaining() < 8) {
                        return new IpPacket(6, source, destination, new Transport.Other(next));
                    }
                    int following = r.u8();
                    r.skip(1);
                    int offset = r.u16be() >>> 3;
                    r.skip(4);
                    if (offset != 0) {
                        return new IpPacket(6, source, destination, new Transport.Other(following));
                    }
                    next = following;
                }
                case 51 -> { // authentication header: length in 4-byte units, minus 2
                    if (r.remaining() < 2) {
                        return new IpPacket(6, source, destination, new Transport.Other(next));
                    }
                    int following = r.u8();
                    int length = (r.u8() + 2) * 4;
                    if (!skipWithin(r, length - 2)) {
                        return new IpPacket(6, source, destination, new Transport.Other(following));
                    }
                    next = following;
                }
                default -> {
                    return new IpPacket(6, source, destination, transport(next, r, true));
                }
            }
        }
        throw new NetlinkParseException("more than " + MAX_EXTENSION_HEADERS + " IPv6 extension headers");
    }

    private static Transport transport(int protocol, WireReader r, boolean v6) throws NetlinkParseException {
        switch (protocol) {
            case TCP -> {
                if (r.remaining() >= 14) {
                    int sourcePort = r.u16be();
                    int destinationPort = r.u16be();
                    r.skip(9); // sequence, acknowledgement, data offset
                    return new Transport.Tcp(sourcePort, destinationPort, r.u8());
                }
            }
            case UDP -> {
                if (r.remaining() >= 4) {
                    return new Transport.Udp(r.u16be(), r.u16be());
                }
            }
            case ICMP, ICMPV6 -> {
                if ((protocol == ICMPV6) == v6 && r.remaining() >= 2) {
                    return new Transport.Icmp(v6, r.u8(), r.u8());
                }
            }
            default -> { }
        }
        return new Transport.Other(protocol);
    }

    private static boolean skipWithin(WireReader r, int count) throws NetlinkParseException {
        if (r.remaining() < count) {
            return false;
        }
        r.skip(count);
        return true;
    }

    /** Always an Inet6Address, also for IPv4-mapped addresses (which getByAddress would turn into v4). */
    private static InetAddress address6(byte[] bytes) {
        try {
            return java.net.Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", impossible);
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 or 16 bytes are always an address", impossible);
        }
    }
}
