package dev.runwall.linux.audit;

import java.net.InetSocketAddress;

/** The address a SOCKADDR record carries (the {@code struct sockaddr} passed to the syscall). */
public sealed interface SocketAddressValue {

    /** AF_INET or AF_INET6. */
    record Inet(InetSocketAddress address) implements SocketAddressValue {}

    /**
     * AF_UNIX: a filesystem path, or an abstract name ({@code abstractName}, shown without its
     * leading NUL), or unnamed (empty path, not abstract).
     */
    record Unix(String path, boolean abstractName) implements SocketAddressValue {}

    /** AF_NETLINK: the destination port id (0 for the kernel) and multicast groups. */
    record Netlink(long portId, int groups) implements SocketAddressValue {}

    /** Any other family (AF_UNSPEC used to disconnect a UDP socket, AF_PACKET, …). */
    record Other(int family) implements SocketAddressValue {}
}
