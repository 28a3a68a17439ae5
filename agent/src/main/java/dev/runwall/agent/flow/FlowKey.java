package dev.runwall.agent.flow;

import dev.runwall.dns.Transport;
import dev.runwall.linux.nflog.IpPacket;
import java.util.Optional;

/** The protocol and ports of a logged packet, as a connection event names them. */
record FlowKey(String protocol, int sourcePort, int port) {
    static FlowKey of(IpPacket ip) {
        return switch (ip.transport()) {
            case dev.runwall.linux.nflog.Transport.Tcp t -> new FlowKey("tcp", t.sourcePort(), t.destinationPort());
            case dev.runwall.linux.nflog.Transport.Udp u -> new FlowKey("udp", u.sourcePort(), u.destinationPort());
            case dev.runwall.linux.nflog.Transport.Icmp i -> new FlowKey(i.protocolName(), 0, 0);
            case dev.runwall.linux.nflog.Transport.Other o -> new FlowKey(o.protocolName(), 0, 0);
        };
    }

    /** The socket table to look the sender up in; empty for protocols without one. */
    Optional<Transport> transport() {
        return switch (protocol) {
            case "tcp" -> Optional.of(Transport.TCP);
            case "udp" -> Optional.of(Transport.UDP);
            default -> Optional.empty();
        };
    }
}
