package dev.runwall.dns.internal.wire;

import org.xbill.DNS.WireParseException;

/**
 * Reads DNS wire format from a byte array. Every read goes through {@link #require}, the one bounds check,
 * so a truncated or hostile message ends in a {@link WireParseException} and never in an index error.
 */
public final class WireCursor {
    private final byte[] data;
    private int position;

    public WireCursor(byte[] data, int position) {
        this.data = data;
        this.position = position;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return data.length - position;
    }

    /** Fails unless {@code count} more bytes are available. */
    public void require(int count) throws WireParseException {
        if (count < 0 || count > data.length - position) {
            throw new WireParseException("message ends at byte " + data.length + ", needed " + count
                    + " more bytes at offset " + position);
        }
    }

    public int u8() throws WireParseException {
        require(1);
        return data[position++] & 0xFF;
    }

    public int u16() throws WireParseException {
        require(2);
        int v = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return v;
    }

    public long u32() throws WireParseException {
        require(4);
        long v = ((long) (data[position] & 0xFF) << 24)
                | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8)
                | (data[position + 3] & 0xFF);
        position += 4;
        return v;
    }

    public void skip(int count) throws WireParseException {
        require(count);
        position += count;
    }

    /**
     * Skips an owner name: labels up to the root label, or up to a compression pointer (which ends the name
     * where it stands). The length of a name is bounded by the message, so this always terminates.
     */
    public void skipName() throws WireParseException {
        while (true) {
            int len = u8();
            int kind = len & 0xC0;
            if (kind == 0xC0) {
                skip(1);
                return;
            }
            if (kind != 0) {
                throw new WireParseException("unsupported label type 0x" + Integer.toHexString(len)
                        + " at offset " + (position - 1));
            }
            if (len == 0) {
                return;
            }
            skip(len);
        }
    }
}
