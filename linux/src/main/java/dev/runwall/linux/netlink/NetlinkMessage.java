package dev.runwall.linux.netlink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One netlink message: the {@code nlmsghdr} fields and the payload that follows the 16-byte header.
 *
 * @param type     {@code nlmsg_type}: a control type ({@link #ERROR}, {@link #DONE}, …) or a
 *                 protocol-specific one
 * @param flags    {@code nlmsg_flags} ({@link #F_MULTI}, …)
 * @param sequence {@code nlmsg_seq}
 * @param portId   {@code nlmsg_pid}: the sender's port; 0 is the kernel
 * @param payload  the bytes after the header, without trailing padding
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, byte[] payload) {
    public static final int HEADER_LENGTH = 16;

    public static final int NOOP = 1;
    public static final int ERROR = 2;
    public static final int DONE = 3;
    public static final int OVERRUN = 4;

    public static final int F_REQUEST = 0x01;
    public static final int F_MULTI = 0x02;
    public static final int F_ACK = 0x04;
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_ROOT = 0x100;
    public static final int F_MATCH = 0x200;
    public static final int F_DUMP = F_ROOT | F_MATCH;
    public static final int F_REPLACE = 0x100;
    public static final int F_EXCL = 0x200;
    public static final int F_CREATE = 0x400;
    public static final int F_APPEND = 0x800;

    public NetlinkMessage {
        payload = payload.clone();
    }

    /** Decodes every message in one received datagram (netlink packs several into one). */
    public static List<NetlinkMessage> parseAll(byte[] datagram) throws NetlinkParseException {
        WireReader reader = WireReader.of(datagram);
        List<NetlinkMessage> messages = new ArrayList<>();
        while (reader.remaining() >= HEADER_LENGTH) {
            messages.add(parseOne(reader));
            reader.align(4);
        }
        if (reader.hasRemaining()) {
            throw new NetlinkParseException(reader.remaining() + " trailing bytes after the last netlink message");
        }
        return messages;
    }

    /** Decodes the message at the reader's cursor and moves past it (not past the padding). */
    public static NetlinkMessage parseOne(WireReader reader) throws NetlinkParseException {
        int offset = reader.position();
        int length = reader.u32();
        if (length < HEADER_LENGTH) {
            throw new NetlinkParseException("nlmsg_len " + Integer.toUnsignedString(length) + " at offset " + offset
                    + " is shorter than the header");
        }
        int type = reader.u16();
        int flags = reader.u16();
        int sequence = reader.u32();
        int portId = reader.u32();
        if (length - HEADER_LENGTH > reader.remaining()) {
            throw new NetlinkParseException("nlmsg_len " + length + " at offset " + offset + " runs past the datagram ("
                    + (reader.remaining() + HEADER_LENGTH) + " bytes left)");
        }
        return new NetlinkMessage(type, flags, sequence, portId, reader.bytes(length - HEADER_LENGTH));
    }

    /** A fresh reader over the payload. */
    public WireReader payloadReader() {
        return WireReader.of(payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** True for the message that ends a dump or a multipart reply. */
    public boolean isDone() {
        return type == DONE;
    }

    public boolean isError() {
        return type == ERROR;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetlinkMessage m && m.type == type && m.flags == flags && m.sequence == sequence
                && m.portId == portId && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + sequence) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "NetlinkMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + sequence
                + ", port=" + Integer.toUnsignedString(portId) + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
