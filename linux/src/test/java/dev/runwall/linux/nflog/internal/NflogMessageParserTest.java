package dev.runwall.linux.nflog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.nflog.Hook;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.NflogPacket;
import dev.runwall.linux.nflog.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays NFLOG messages recorded from a 6.18 kernel (rules in NflogReaderIT's layout, group 7). */
class NflogMessageParserTest {
    private static final Instant RECEIVED = Instant.parse("2025-01-02T03:04:05Z");

    static NetlinkMessage recorded(String name) throws IOException, NetlinkParseException {
        try (InputStream in = NflogMessageParserTest.class.getResourceAsStream("/dev/runwall/linux/nflog/" + name)) {
            List<NetlinkMessage> messages = NetlinkMessage.parseAll(in.readAllBytes());
            assertThat(messages).hasSize(1);
            return messages.getFirst();
        }
    }

    @Test
    void tcpSynOverIpv4FromRoot() throws Exception {
        NetlinkMessage message = recorded("tcp4-syn.bin");
        assertThat(NflogMessageParser.isPacket(message)).isTrue();
        NflogPacket packet = NflogMessageParser.parse(message, RECEIVED);
        assertThat(packet.group()).isEqualTo(7);
        assertThat(packet.prefix()).isEqualTo("rwl-out ");
        assertThat(packet.hook()).isEqualTo(Hook.OUTPUT);
        assertThat(packet.kernelTimestamp()).isFalse(); // locally generated packets carry none
        assertThat(packet.time()).isEqualTo(RECEIVED);
        assertThat(packet.uid()).hasValue(0);
        assertThat(packet.gid()).hasValue(0);
        assertThat(packet.sequence()).hasValue(0);
        assertThat(packet.globalSequence()).hasValue(1);
        assertThat(packet.interfaces().out()).hasValue(8); // the veth kept its index when moved into the namespace
        assertThat(packet.interfaces().in()).isEmpty();
        assertThat(packet.interfaces().physicalOut()).isEmpty();
        IpPacket ip = packet.ip().orElseThrow();
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.source()).isEqualTo(InetAddress.getByName("198.18.0.1"));
        assertThat(ip.destination()).isEqualTo(InetAddress.getByName("198.18.0.2"));
        assertThat(ip.transport()).isInstanceOfSatisfying(Transport.Tcp.class, tcp -> {
            assertThat(tcp.destinationPort()).isEqualTo(8080);
            assertThat(tcp.sourcePort()).isEqualTo(0x9b34);
            assertThat(tcp.isConnectionAttempt()).isTrue();
        });
    }

    @Test
    void udpOverIpv4FromAnUnprivilegedUser() throws Exception {
        NflogPacket packet = NflogMessageParser.parse(recorded("udp4-nobody.bin"), RECEIVED);
        assertThat(packet.uid()).hasValue(65534);
        assertThat(packet.gid()).hasValue(65534);
        assertThat(packet.sequence()).hasValue(5);
        assertThat(packet.ip().orElseThrow().transport()).isEqualTo(new Transport.Udp(0xc8bd, 5353));
    }

    @Test
    void tcpSegmentAfterTheSocketIsGoneHasNoOwner() throws Exception {
        NflogPacket packet = NflogMessageParser.parse(recorded("tcp4-ack-no-uid.bin"), RECEIVED);
        assertThat(packet.uid()).isEmpty();
        assertThat(packet.gid()).isEmpty();
        assertThat(((Transport.Tcp) packet.ip().orElseThrow().transport()).isConnectionAttempt()).isFalse();
    }

    @Test
    void icmpEchoRequestsV4AndV6() throws Exception {
        NflogPacket v4 = NflogMessageParser.parse(recorded("icmp4-echo.bin"), RECEIVED);
        assertThat(v4.prefix()).isEqualTo("rwl-ping ");
        assertThat(v4.ip().orElseThrow().transport()).isEqualTo(new Transport.Icmp(false, 8, 0));
        NflogPacket v6 = NflogMessageParser.parse(recorded("icmp6-echo.bin"), RECEIVED);
        IpPacket ip = v6.ip().orElseThrow();
        assertThat(ip.version()).isEqualTo(6);
        assertThat(ip.source()).isEqualTo(InetAddress.getByName("fd52:7761:6c6c::1"));
        assertThat(ip.destination()).isEqualTo(InetAddress.getByName("fd52:7761:6c6c::2"));
        assertThat(ip.transport()).isEqualTo(new Transport.Icmp(true, 128, 0));
        assertThat(ip.transport().protocolName()).isEqualTo("icmpv6");
    }

    @Test
    void udpAndTcpOverIpv6() throws Exception {
        IpPacket udp = NflogMessageParser.parse(recorded("udp6.bin"), RECEIVED).ip().orElseThrow();
        assertThat(udp.transport()).isEqualTo(new Transport.Udp(0xec2e, 53));
        IpPacket tcp = NflogMessageParser.parse(recorded("tcp6-syn.bin"), RECEIVED).ip().orElseThrow();
        assertThat(tcp.transport()).isInstanceOfSatisfying(Transport.Tcp.class,
                t -> assertThat(t.destinationPort()).isEqualTo(81));
    }

    @Test
    void kernelTimestampIsUsedWhenPresent() throws Exception {
        NetlinkMessage message = packetWith(new NetlinkMessageBuilder(NflogProtocol.MSG_PACKET, 0)
                .putU8(2).putU8(0).putU16be(3)
                .attribute(NflogMessageParser.NFULA_PACKET_HDR, new byte[] {8, 0, 1, 0})
                .attribute(NflogMessageParser.NFULA_TIMESTAMP,
                        java.nio.ByteBuffer.allocate(16).putLong(1_700_000_000L).putLong(123_456).array()));
        NflogPacket packet = NflogMessageParser.parse(message, RECEIVED);
        assertThat(packet.kernelTimestamp()).isTrue();
        assertThat(packet.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_000));
        assertThat(packet.hook()).isEqualTo(Hook.INPUT);
        assertThat(packet.prefix()).isEmpty();
        assertThat(packet.ip()).isEmpty(); // no payload attribute
    }

    @Test
    void missingPacketHeaderIsAParseError() throws Exception {
        NetlinkMessage message = packetWith(new NetlinkMessageBuilder(NflogProtocol.MSG_PACKET, 0)
                .putU8(2).putU8(0).putU16be(3).attributeString(NflogMessageParser.NFULA_PREFIX, "x"));
        assertThatThrownBy(() -> NflogMessageParser.parse(message, RECEIVED))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("packet header");
    }

    @Test
    void absurdTimestampIsAParseError() throws Exception {
        NetlinkMessage message = packetWith(new NetlinkMessageBuilder(NflogProtocol.MSG_PACKET, 0)
                .putU8(2).putU8(0).putU16be(3)
                .attribute(NflogMessageParser.NFULA_PACKET_HDR, new byte[] {8, 0, 1, 0})
                .attribute(NflogMessageParser.NFULA_TIMESTAMP,
                        java.nio.ByteBuffer.allocate(16).putLong(-1).putLong(0).array()));
        assertThatThrownBy(() -> NflogMessageParser.parse(message, RECEIVED)).isInstanceOf(NetlinkParseException.class);
        NetlinkMessage farFuture = packetWith(new NetlinkMessageBuilder(NflogProtocol.MSG_PACKET, 0)
                .putU8(2).putU8(0).putU16be(3)
                .attribute(NflogMessageParser.NFULA_PACKET_HDR, new byte[] {8, 0, 1, 0})
                .attribute(NflogMessageParser.NFULA_TIMESTAMP,
                        java.nio.ByteBuffer.allocate(16).putLong(Long.MAX_VALUE).putLong(0).array()));
        assertThatThrownBy(() -> NflogMessageParser.parse(farFuture, RECEIVED)).isInstanceOf(NetlinkParseException.class);
    }

    private static NetlinkMessage packetWith(NetlinkMessageBuilder builder) throws NetlinkParseException {
        return NetlinkMessage.parseAll(builder.build(1)).getFirst();
    }
}
