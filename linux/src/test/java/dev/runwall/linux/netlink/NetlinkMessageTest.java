package dev.runwall.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkMessageTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** An ACK (NLMSG_ERROR, code 0) for request seq 7 from the kernel, as received on x86_64. */
    private static final String ACK =
            "24000000 0200 0001 07000000 00000000" + "00000000" + "10000000 1000 0500 07000000 9a020000";

    /** NLMSG_DONE with its int payload, seq 9. */
    private static final String DONE = "14000000 0300 0200 09000000 00000000 00000000";

    @Test
    void parsesSeveralMessagesInOneDatagram() throws Exception {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(hex(ACK + DONE));
        assertThat(messages).hasSize(2);
        NetlinkMessage ack = messages.get(0);
        assertThat(ack.isError()).isTrue();
        assertThat(ack.flags()).isEqualTo(0x100);
        assertThat(ack.sequence()).isEqualTo(7);
        assertThat(ack.portId()).isZero();
        assertThat(NetlinkExchange.errorCode(ack)).isZero();
        assertThat(messages.get(1).isDone()).isTrue();
        assertThat(messages.get(1).sequence()).isEqualTo(9);
    }

    @Test
    void errorCodeIsTheNegativeErrno() throws Exception {
        NetlinkMessage error = NetlinkMessage.parseAll(hex("14000000 0200 0000 01000000 00000000 feffffff")).getFirst();
        assertThat(NetlinkExchange.errorCode(error)).isEqualTo(-ErrnoException.ENOENT);
    }

    @Test
    void messageWithUnpaddedLengthIsFollowedByAlignedNext() throws Exception {
        // first message: 17 bytes (1 payload byte) + 3 padding bytes
        byte[] bytes = hex("11000000 1000 0000 01000000 00000000 ab000000" + DONE);
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(bytes);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).payload()).containsExactly(0xab);
        assertThat(messages.get(1).isDone()).isTrue();
    }

    @Test
    void lengthBeyondDatagramIsRejected() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(hex("ff000000 1000 0000 01000000 00000000 00000000")))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("runs past the datagram");
    }

    @Test
    void lengthShorterThanHeaderIsRejected() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(hex("08000000 1000 0000 01000000 00000000")))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("shorter than the header");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(hex(DONE + "0102")))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("trailing");
    }

    @Test
    void builderOutputParsesBackWithPaddingAndNesting() throws Exception {
        byte[] bytes = new NetlinkMessageBuilder(0x0401, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK)
                .putU8(2).putU8(0).putU16be(100)
                .attribute(1, new byte[] {1})
                .attributeU32be(3, 0x10000)
                .beginNested(7).attributeString(1, "ab").attributeU16be(2, 0xbeef).endNested()
                .build(42);
        assertThat(bytes.length % 4).isZero();
        NetlinkMessage message = NetlinkMessage.parseAll(bytes).getFirst();
        assertThat(message.type()).isEqualTo(0x0401);
        assertThat(message.flags()).isEqualTo(5);
        assertThat(message.sequence()).isEqualTo(42);
        WireReader payload = message.payloadReader();
        assertThat(payload.u8()).isEqualTo(2);
        assertThat(payload.u8()).isZero();
        assertThat(payload.u16be()).isEqualTo(100);
        NetlinkAttributes attributes = NetlinkAttributes.parse(payload);
        assertThat(attributes.all()).extracting(NetlinkAttribute::type).containsExactly(1, 3, 7);
        assertThat(attributes.require(1, "cmd").u8()).isEqualTo(1);
        assertThat(attributes.require(3, "size").u32be()).isEqualTo(0x10000);
        NetlinkAttribute nested = attributes.require(7, "nest");
        assertThat(nested.flags()).isEqualTo(NetlinkAttribute.F_NESTED);
        assertThat(nested.nested().require(1, "name").string()).isEqualTo("ab");
        assertThat(nested.nested().require(2, "value").u16be()).isEqualTo(0xbeef);
    }

    @Test
    void attributeOfWrongSizeIsAParseError() throws Exception {
        NetlinkAttributes attributes = NetlinkAttributes.parse(WireReader.of(hex("0600 0100 abcd 0000")));
        assertThatThrownBy(() -> attributes.require(1, "x").u32be()).isInstanceOf(NetlinkParseException.class)
                .hasMessageContaining("has 2 bytes, expected 4");
        assertThatThrownBy(() -> attributes.require(2, "missing thing")).isInstanceOf(NetlinkParseException.class)
                .hasMessageContaining("missing thing");
    }

    @Test
    void attributeLengthBelowHeaderIsAParseError() {
        assertThatThrownBy(() -> NetlinkAttributes.parse(WireReader.of(hex("0200 0100"))))
                .isInstanceOf(NetlinkParseException.class).hasMessageContaining("nla_len 2");
    }

    @Test
    void builderRejectsUnclosedNesting() {
        NetlinkMessageBuilder builder = new NetlinkMessageBuilder(1, 1).beginNested(1);
        assertThatThrownBy(() -> builder.build(1)).isInstanceOf(IllegalStateException.class);
    }
}
