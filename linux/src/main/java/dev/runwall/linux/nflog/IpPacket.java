package dev.runwall.linux.nflog;

import java.net.InetAddress;

/**
 * The network and transport headers of a logged packet.
 *
 * @param version     4 or 6
 * @param source      source address
 * @param destination destination address
 * @param transport   the transport header, after any IPv6 extension headers
 */
public record IpPacket(int version, InetAddress source, InetAddress destination, Transport transport) {}
