package dev.runwall.dns.internal.listen;

import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.io.IOException;

/** Opens the UDP and TCP sockets of one listen address, on the same port. */
public final class Listeners {
    private static final int EPHEMERAL_TRIES = 16;

    /** A bound UDP and TCP socket pair. */
    public record Bound(DatagramChannel udp, ServerSocketChannel tcp) {}

    private Listeners() {}

    /**
     * Binds UDP and TCP on {@code address}; with port 0, both get the same ephemeral port.
     *
     * @throws BindException saying which address and transport failed, and what to check
     */
    public static Bound bind(InetSocketAddress address) throws IOException {
        int tries = address.getPort() == 0 ? EPHEMERAL_TRIES : 1;
        IOException last = null;
        for (int i = 0; i < tries; i++) {
            DatagramChannel udp = open(address);
            try {
                udp.bind(address);
            } catch (IOException e) {
                udp.close();
                throw bindFailure(address, "udp", e);
            }
            InetSocketAddress actual = new InetSocketAddress(address.getAddress(),
                    ((InetSocketAddress) udp.getLocalAddress()).getPort());
            ServerSocketChannel tcp = ServerSocketChannel.open(family(address));
            try {
                tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                tcp.bind(actual, 1024);
                return new Bound(udp, tcp);
            } catch (IOException e) {
                udp.close();
                tcp.close();
                last = bindFailure(actual, "tcp", e);
            }
        }
        throw last;
    }

    public static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static DatagramChannel open(InetSocketAddress address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(family(address));
        // Room for a burst of queries while the receive thread hands datagrams to workers.
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        return ch;
    }

    private static StandardProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static BindException bindFailure(InetSocketAddress address, String transport, IOException cause) {
        BindException e = new BindException("cannot listen for DNS on " + format(address) + "/" + transport + ": "
                + cause.getMessage() + ". Is another DNS server (systemd-resolved, dnsmasq) listening there, is the"
                + " address configured on an interface, and does the agent run as root (port 53)?");
        e.initCause(cause);
        return e;
    }
}
