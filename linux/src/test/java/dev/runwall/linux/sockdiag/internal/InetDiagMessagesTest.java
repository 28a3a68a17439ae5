package dev.runwall.linux.sockdiag.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import dev.runwall.linux.sockdiag.SocketInfo;
import dev.runwall.linux.sockdiag.SocketProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class InetDiagMessagesTest {
    private static final byte[] LOCAL = {127, 0, 0, 1};
    private static final byte[] REMOTE = {127, 0, 0, 53};

    /** A reply for a connected UDP socket 127.0.0.1:40000 -> 127.0.0.53:53, uid 1000, inode 123456 (x86_64). */
    static final String UDP_REPLY = "58000000" + "1400" + "0200" + "05000000" + "00000000"
            + "02" + "01" + "00" + "00"
            + "9c40" + "0035" + "7f000001000000000000000000000000" + "7f000035000000000000000000000000"
            + "00000000" + "2a000000" + "00000000"
            + "00000000" + "00000000" + "00000000" + "e8030000" + "40e20100";

    @Test
    void tcpLookupPutsTheLocalEndInSource() throws Exception {
        byte[] request = InetDiagMessages.lookup(SocketProtocol.TCP, 2, LOCAL, 40000, REMOTE, 53).build(9);
        WireReader r = payload(request);
        assertThat(r.u8()).isEqualTo(2);
        assertThat(r.u8()).isEqualTo(6);
        r.skip(6); // ext, pad, states
        assertThat(r.u16be()).isEqualTo(40000);
        assertThat(r.u16be()).isEqualTo(53);
        assertThat(r.bytes(4)).containsExactly(LOCAL);
        r.skip(12);
        assertThat(r.bytes(4)).containsExactly(REMOTE);
        r.skip(16); // rest of dst, interface
        assertThat(r.u32()).isEqualTo(0xffffffff); // no cookie
        assertThat(r.u32()).isEqualTo(0xffffffff);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void udpLookupSwapsTheEndsAsTheKernelExpects() throws Exception {
        byte[] request = InetDiagMessages.lookup(SocketProtocol.UDP, 2, LOCAL, 40000, REMOTE, 53).build(9);
        WireReader r = payload(request);
        r.skip(8);
        assertThat(r.u16be()).isEqualTo(53);
        assertThat(r.u16be()).isEqualTo(40000);
        assertThat(r.bytes(4)).containsExactly(REMOTE);
    }

    @Test
    void dumpAsksForEveryState() throws Exception {
        NetlinkMessage message = NetlinkMessage.parseAll(InetDiagMessages.dump(SocketProtocol.UDP, 10).build(3)).getFirst();
        assertThat(message.flags() & NetlinkMessage.F_DUMP).isEqualTo(NetlinkMessage.F_DUMP);
        WireReader r = message.payloadReader();
        assertThat(r.u8()).isEqualTo(10);
        assertThat(r.u8()).isEqualTo(17);
        r.skip(2);
        assertThat(r.u32()).isEqualTo(-1);
    }

    @Test
    void parsesAReply() throws Exception {
        NetlinkMessage reply = NetlinkMessage.parseAll(HexFormat.of().parseHex(UDP_REPLY)).getFirst();
        SocketInfo info = InetDiagMessages.parse(reply, SocketProtocol.UDP);
        assertThat(info.ipVersion()).isEqualTo(4);
        assertThat(info.state()).isEqualTo(SocketInfo.STATE_ESTABLISHED);
        assertThat(info.local()).isEqualTo(new InetSocketAddress(InetAddress.getByAddress(LOCAL), 40000));
        assertThat(info.remote()).isEqualTo(new InetSocketAddress(InetAddress.getByAddress(REMOTE), 53));
        assertThat(info.uid()).isEqualTo(1000);
        assertThat(info.inode()).isEqualTo(123456);
        assertThat(info.cookie()).isEqualTo(42);
    }

    @Test
    void truncatedOrForeignRepliesAreParseErrors() throws Exception {
        String truncated = "30000000" + UDP_REPLY.substring(8, 96);
        NetlinkMessage shortReply = NetlinkMessage.parseAll(HexFormat.of().parseHex(truncated)).getFirst();
        assertThatThrownBy(() -> InetDiagMessages.parse(shortReply, SocketProtocol.UDP))
                .isInstanceOf(NetlinkParseException.class);
        String unix = UDP_REPLY.substring(0, 32) + "01" + UDP_REPLY.substring(34);
        NetlinkMessage foreign = NetlinkMessage.parseAll(HexFormat.of().parseHex(unix)).getFirst();
        assertThatThrownBy(() -> InetDiagMessages.parse(foreign, SocketProtocol.UDP))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("family 1");
    }

    private static WireReader payload(byte[] request) throws NetlinkParseException {
        return NetlinkMessage.parseAll(request).getFirst().payloadReader();
    }
}
