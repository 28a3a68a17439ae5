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
    void theLocalPortFilterTestsEachPortOnceAndJumpsToTheEndOnAMatch() {
        java.nio.ByteBuffer bc = java.nio.ByteBuffer.wrap(InetDiagMessages.localPortFilter(java.util.List.of(53, 40000, 53)))
                .order(java.nio.ByteOrder.nativeOrder());
        assertThat(bc.remaining()).as("two tests and one jump").isEqualTo(20);
        // test 53: match -> the jump (8 on), else the next test (12 on)
        assertThat(bc.get()).isEqualTo((byte) 11);
        assertThat(bc.get()).isEqualTo((byte) 8);
        assertThat(bc.getShort()).isEqualTo((short) 12);
        assertThat(bc.getShort()).as("second op: code and yes unused").isZero();
        assertThat(bc.getShort() & 0xffff).as("the port, in the second op's no").isEqualTo(53);
        // jump (at 8 of 20): its no lands exactly on the end (accept)
        assertThat(bc.get()).isEqualTo((byte) 1);
        assertThat(bc.get()).isEqualTo((byte) 4);
        assertThat(bc.getShort()).isEqualTo((short) 12);
        // last test 40000: match -> the end, else 4 past it (reject)
        assertThat(bc.get()).isEqualTo((byte) 11);
        assertThat(bc.get()).isEqualTo((byte) 8);
        assertThat(bc.getShort()).isEqualTo((short) 12);
        bc.getShort();
        assertThat(bc.getShort() & 0xffff).isEqualTo(40000);
        assertThat(bc.hasRemaining()).isFalse();
    }

    @Test
    void theLocalPortFilterRefusesNoPortsAndNonPorts() {
        assertThatThrownBy(() -> InetDiagMessages.localPortFilter(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InetDiagMessages.localPortFilter(java.util.List.of(70000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }

    @Test
    void aFilteredDumpCarriesTheProgramAsAnAttribute() throws Exception {
        NetlinkMessage message = NetlinkMessage.parseAll(
                InetDiagMessages.dump(SocketProtocol.UDP, 2, java.util.List.of(53)).build(3)).getFirst();
        WireReader r = message.payloadReader();
        r.skip(56); // inet_diag_req_v2
        assertThat(r.u16()).as("attribute length: header and one test").isEqualTo(12);
        assertThat(r.u16()).isEqualTo(InetDiagMessages.REQ_BYTECODE);
        assertThat(r.bytes(8)).containsExactly(InetDiagMessages.localPortFilter(java.util.List.of(53)));
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
