package dev.runwall.agent.correlate;

import dev.runwall.linux.nflog.Hook;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.NflogPacket;
import dev.runwall.linux.nflog.Transport;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A new flow as the kernel firewall logged it (NFLOG): what has to be explained by a syscall.
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a protocol name/number
 * @param source the sender's address and port (port 0 for protocols without ports)
 * @param destination the destination address and port (port 0 likewise)
 * @param forward whether it was forwarded from a container bridge rather than sent by the runner itself
 */
public record FlowSighting(Instant time, String protocol, InetSocketAddress source, InetSocketAddress destination,
        boolean forward) {

    /** The flow of a logged packet; empty for a packet without IP headers. */
    public static Optional<FlowSighting> of(NflogPacket packet) {
        if (packet.ip().isEmpty()) {
            return Optional.empty();
        }
        IpPacket ip = packet.ip().get();
        String protocol;
        int sourcePort = 0;
        int port = 0;
        switch (ip.transport()) {
            case Transport.Tcp t -> {
                protocol = "tcp";
                sourcePort = t.sourcePort();
                port = t.destinationPort();
            }
            case Transport.Udp u -> {
                protocol = "udp";
                sourcePort = u.sourcePort();
                port = u.destinationPort();
            }
            case Transport.Icmp i -> protocol = i.protocolName();
            case Transport.Other o -> protocol = o.protocolName();
        }
        return Optional.of(new FlowSighting(packet.time(), protocol, new InetSocketAddress(ip.source(), sourcePort),
                new InetSocketAddress(ip.destination(), port), packet.hook() == Hook.FORWARD));
    }
}
