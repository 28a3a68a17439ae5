package dev.runwall.linux.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One {@code nlattr}: a type and its value bytes (without padding). The two high bits of the wire
 * type ({@code NLA_F_NESTED}, {@code NLA_F_NET_BYTEORDER}) are split off into {@link #flags()}.
 */
public record NetlinkAttribute(int type, int flags, byte[] value) {
    public static final int HEADER_LENGTH = 4;
    public static final int F_NESTED = 0x8000;
    public static final int F_NET_BYTEORDER = 0x4000;
    static final int TYPE_MASK = ~(F_NESTED | F_NET_BYTEORDER) & 0xffff;

    public NetlinkAttribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public WireReader reader() {
        return WireReader.of(value);
    }

    /** The attributes nested in this one. */
    public NetlinkAttributes nested() throws NetlinkParseException {
        return NetlinkAttributes.parse(reader());
    }

    public int u8() throws NetlinkParseException {
        return exact(1).u8();
    }

    public int u16be() throws NetlinkParseException {
        return exact(2).u16be();
    }

    public int u32() throws NetlinkParseException {
        return exact(4).u32();
    }

    public int u32be() throws NetlinkParseException {
        return exact(4).u32be();
    }

    /** A NUL-terminated (or unterminated) string value. */
    public String string() throws NetlinkParseException {
        return reader().cString(value.length);
    }

    private WireReader exact(int size) throws NetlinkParseException {
        if (value.length != size) {
            throw new NetlinkParseException("attribute " + type + " has " + value.length + " bytes, expected " + size);
        }
        return reader();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetlinkAttribute a && a.type == type && a.flags == flags && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return (type * 31 + flags) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "NetlinkAttribute[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", value="
                + HexFormat.of().formatHex(value) + "]";
    }
}
