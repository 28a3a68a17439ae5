package dev.runwall.linux.nflog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpPacketParserTest {
    private static final String V4_SRC_DST = "c6120001" + "c6120002";
    private static final String V6_SRC = "fd5277616c6c00000000000000000001";
    private static final String V6_DST = "fd5277616c6c00000000000000000002";
    private static final String UDP_53 = "d4310035000c0000";

    private static IpPacket parse(String hex) throws NetlinkParseException {
        return IpPacketParser.parse(HexFormat.of().parseHex(hex)).orElseThrow();
    }

    private static String v4(int ihl, int protocol, String fragment) {
        return String.format("4%x00001c0000%s40%02x0000", ihl, fragment, protocol) + V4_SRC_DST;
    }

    private static String v6(int next) {
        return String.format("600000000010%02x40", next) + V6_SRC + V6_DST;
    }

    @Test
    void ipv4WithOptionsSkipsThemToReachTheUdpHeader() throws Exception {
        IpPacket packet = parse(v4(6, 17, "0000") + "01010100" + UDP_53);
        assertThat(packet.transport()).isEqualTo(new Transport.Udp(0xd431, 53));
        assertThat(packet.source()).isEqualTo(InetAddress.getByName("198.18.0.1"));
    }

    @Test
    void laterIpv4FragmentHasNoTransportHeader() throws Exception {
        assertThat(parse(v4(5, 17, "00b9") + UDP_53).transport()).isEqualTo(new Transport.Other(17));
    }

    @Test
    void transportHeaderCutByTheCopyRangeGivesOther() throws Exception {
        assertThat(parse(v4(5, 6, "0000") + "d431").transport()).isEqualTo(new Transport.Other(6));
        assertThat(parse(v4(5, 132, "0000") + UDP_53).transport()).isEqualTo(new Transport.Other(132));
    }

    @Test
    void ipv6ExtensionHeadersAreSkipped() throws Exception {
        // hop-by-hop (8 bytes) -> destination options (16 bytes) -> fragment (first) -> UDP
        String hopByHop = "3c00" + "010400000000";
        String destination = "2c01" + "0000000000000000000000000000";
        String fragment = "1100" + "0001" + "12345678";
        IpPacket packet = parse(v6(0) + hopByHop + destination + fragment + UDP_53);
        assertThat(packet.version()).isEqualTo(6);
        assertThat(packet.transport()).isEqualTo(new Transport.Udp(0xd431, 53));
    }

    @Test
    void ipv6AuthenticationHeaderUsesItsOwnLengthUnit() throws Exception {
        // AH payload length 4 -> (4 + 2) * 4 = 24 bytes, then ICMPv6 echo request
        String ah = "3a04" + "0000" + "00000000" + "00000000" + "0000000000000000" + "00000000";
        assertThat(parse(v6(51) + ah + "8000abcd").transport()).isEqualTo(new Transport.Icmp(true, 128, 0));
    }

    @Test
    void laterIpv6FragmentAndEspStopTheWalk() throws Exception {
        assertThat(parse(v6(44) + "0600" + "0008" + "12345678" + "00000000").transport())
                .isEqualTo(new Transport.Other(6));
        assertThat(parse(v6(50) + "00000000").transport()).isEqualTo(new Transport.Other(50));
    }

    @Test
    void extensionHeaderCutByTheCopyRangeGivesOther() throws Exception {
        assertThat(parse(v6(0) + "1108").transport()).isEqualTo(new Transport.Other(17));
    }

    @Test
    void icmpv4TypeInsideIpv6IsNotTakenForIcmp() throws Exception {
        assertThat(parse(v6(1) + "0800").transport()).isEqualTo(new Transport.Other(1));
    }

    @Test
    void ipv4MappedAddressesStayIpv6() throws Exception {
        String mapped = "00000000000000000000ffffc6120001";
        IpPacket packet = parse("600000000008" + "1140" + mapped + V6_DST + UDP_53);
        assertThat(packet.source()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void nonIpPayloadIsEmpty() throws Exception {
        assertThat(IpPacketParser.parse(HexFormat.of().parseHex("00010800"))).isEmpty();
        assertThat(IpPacketParser.parse(new byte[0])).isEmpty();
    }

    @Test
    void malformedIpHeadersAreParseErrors() {
        assertThatThrownBy(() -> parse(v4(4, 17, "0000"))).isInstanceOf(NetlinkParseException.class)
                .hasMessageContaining("below 20");
        assertThatThrownBy(() -> parse("4500001c")).isInstanceOf(NetlinkParseException.class);
        assertThatThrownBy(() -> parse("6000000000101140" + V6_SRC)).isInstanceOf(NetlinkParseException.class);
        assertThatThrownBy(() -> parse(v4(15, 17, "0000"))).isInstanceOf(NetlinkParseException.class);
    }

    @Test
    void endlessExtensionHeaderChainIsRejected() {
        String hop = "0000" + "000000000000";
        assertThatThrownBy(() -> parse(v6(0) + hop.repeat(20))).isInstanceOf(NetlinkParseException.class)
                .hasMessageContaining("extension headers");
    }
}
