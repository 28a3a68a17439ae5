package dev.runwall.linux.sockdiag;

import java.net.InetSocketAddress;

/**
 * One socket as the kernel describes it ({@code struct inet_diag_msg}).
 *
 * @param protocol       TCP or UDP
 * @param ipVersion      4 for an AF_INET socket, 6 for AF_INET6 (which may carry IPv4 traffic as
 *                       v4-mapped addresses)
 * @param local          the local address and port (wildcard address when bound to any)
 * @param remote         the peer (wildcard, port 0 for listening or unconnected sockets)
 * @param state          the kernel's TCP state number (1 ESTABLISHED, 7 CLOSE — also unconnected
 *                       UDP, 10 LISTEN, …)
 * @param uid            the socket owner's uid as seen from the reader's user namespace
 * @param inode          the socket inode: {@code /proc/PID/fd/N -> socket:[inode]} finds the
 *                       processes holding it; 0 for sockets no file refers to (TIME_WAIT)
 * @param interfaceIndex the interface the socket is bound to, 0 for none
 * @param cookie         the kernel's unique socket cookie
 */
public record SocketInfo(SocketProtocol protocol, int ipVersion, InetSocketAddress local, InetSocketAddress remote,
                         int state, long uid, long inode, int interfaceIndex, long cookie) {
    public static final int STATE_ESTABLISHED = 1;
    public static final int STATE_CLOSE = 7;
    public static final int STATE_LISTEN = 10;
}
