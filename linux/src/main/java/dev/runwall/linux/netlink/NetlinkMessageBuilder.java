package dev.runwall.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Encodes one netlink request: the {@code nlmsghdr}, a fixed family header written with the
 * {@code put…} methods, then {@code nlattr}s (nested ones between {@link #beginNested} and
 * {@link #endNested}). Lengths and 4-byte padding are filled in by the builder.
 *
 * <pre>{@code
 * byte[] request = new NetlinkMessageBuilder(type, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK)
 *         .putU8(family).putU8(0).putU16be(group)
 *         .attribute(CMD, new byte[] {1})
 *         .build(socket.nextSequence());
 * }</pre>
 */
public final class NetlinkMessageBuilder {
    private final int type;
    private final int flags;
    private final Deque<Integer> openNested = new ArrayDeque<>();
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    public NetlinkMessageBuilder(int type, int flags) {
        if (type < 0 || type > 0xffff || flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("type and flags are 16-bit: " + type + ", " + flags);
        }
        this.type = type;
        this.flags = flags;
        buffer.position(NetlinkMessage.HEADER_LENGTH);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public NetlinkMessageBuilder putU8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public NetlinkMessageBuilder putU16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public NetlinkMessageBuilder putU16be(int value) {
        ensure(2).order(ByteOrder.BIG_ENDIAN).putShort((short) value).order(ByteOrder.nativeOrder());
        return this;
    }

    public NetlinkMessageBuilder putU32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public NetlinkMessageBuilder putU32be(int value) {
        ensure(4).order(ByteOrder.BIG_ENDIAN).putInt(value).order(ByteOrder.nativeOrder());
        return this;
    }

    public NetlinkMessageBuilder putBytes(byte[] bytes) {
        ensure(bytes.length).put(bytes);
        return this;
    }

    public NetlinkMessageBuilder putZeros(int count) {
        ensure(count).put(new byte[count]);
        return this;
    }

    /** Adds an attribute with raw value bytes, then pads to 4 bytes. */
    public NetlinkMessageBuilder attribute(int attributeType, byte[] value) {
        int length = NetlinkAttribute.HEADER_LENGTH + value.length;
        if (length > 0xffff) {
            throw new IllegalArgumentException("attribute " + attributeType + " too long: " + value.length);
        }
        ensure(length + 3).putShort((short) length).putShort((short) attributeType).put(value);
        pad();
        return this;
    }

    public NetlinkMessageBuilder attributeU8(int attributeType, int value) {
        return attribute(attributeType, new byte[] {(byte) value});
    }

    public NetlinkMessageBuilder attributeU16be(int attributeType, int value) {
        return attribute(attributeType, ByteBuffer.allocate(2).putShort((short) value).array());
    }

    public NetlinkMessageBuilder attributeU32be(int attributeType, int value) {
        return attribute(attributeType, ByteBuffer.allocate(4).putInt(value).array());
    }

    public NetlinkMessageBuilder attributeU32(int attributeType, int value) {
        return attribute(attributeType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute. */
    public NetlinkMessageBuilder attributeString(int attributeType, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return attribute(attributeType, Arrays.copyOf(text, text.length + 1));
    }

    /** Opens a nested attribute (its type gets {@code NLA_F_NESTED}); close it with {@link #endNested}. */
    public NetlinkMessageBuilder beginNested(int attributeType) {
        openNested.push(buffer.position());
        ensure(4).putShort((short) 0).putShort((short) (attributeType | NetlinkAttribute.F_NESTED));
        return this;
    }

    public NetlinkMessageBuilder endNested() {
        if (openNested.isEmpty()) {
            throw new IllegalStateException("endNested without beginNested");
        }
        int start = openNested.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The encoded message with its sequence number; the port id is 0 (the kernel fills in ours). */
    public byte[] build(int sequence) {
        if (!openNested.isEmpty()) {
            throw new IllegalStateException(openNested.size() + " nested attribute(s) not closed");
        }
        int length = buffer.position();
        ByteBuffer header = buffer.duplicate().order(ByteOrder.nativeOrder());
        header.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags).putInt(8, sequence).putInt(12, 0);
        return Arrays.copyOf(buffer.array(), length);
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer ensure(int extra) {
        if (buffer.remaining() < extra) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + extra))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
        return buffer;
    }
}
