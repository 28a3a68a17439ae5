package dev.runwall.linux.netlink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one bounds-checked cursor over untrusted bytes used by every decoder in the linux module
 * (netlink headers, attributes, IP/TCP/UDP headers inside NFLOG payloads, sock_diag replies).
 *
 * <p>Every read checks the remaining length first and throws {@link NetlinkParseException} instead
 * of an unchecked index exception, so no decoder needs its own index arithmetic. Methods named
 * {@code …be} read network (big-endian) order; the others read host order, which is what netlink
 * headers and most kernel structs use.
 *
 * <p>Not thread-safe: a reader is a cursor owned by one decoding call.
 */
public final class WireReader {
    private static final VarHandle HOST_U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle HOST_U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle HOST_U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle NET_U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle NET_U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle NET_U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private final int start;
    private final int limit;
    private int position;

    private WireReader(byte[] data, int start, int limit) {
        this.data = data;
        this.start = start;
        this.limit = limit;
        this.position = start;
    }

    /** A reader over all of {@code data} (not copied: do not modify it while reading). */
    public static WireReader of(byte[] data) {
        return new WireReader(data, 0, data.length);
    }

    /** A reader over {@code data[offset, offset + length)}. */
    public static WireReader of(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside array of " + data.length);
        }
        return new WireReader(data, offset, offset + length);
    }

    /** Bytes left to read. */
    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    /** Offset of the cursor from the start of this reader. */
    public int position() {
        return position - start;
    }

    /** Total length of the range this reader covers. */
    public int length() {
        return limit - start;
    }

    public int u8() throws NetlinkParseException {
        require(1, "u8");
        return data[position++] & 0xff;
    }

    public int u16() throws NetlinkParseException {
        require(2, "u16");
        int v = (short) HOST_U16.get(data, position) & 0xffff;
        position += 2;
        return v;
    }

    public int u16be() throws NetlinkParseException {
        require(2, "be16");
        int v = (short) NET_U16.get(data, position) & 0xffff;
        position += 2;
        return v;
    }

    /** A host-order 32-bit value; use {@link Integer#toUnsignedLong} where the value is unsigned. */
    public int u32() throws NetlinkParseException {
        require(4, "u32");
        int v = (int) HOST_U32.get(data, position);
        position += 4;
        return v;
    }

    public int u32be() throws NetlinkParseException {
        require(4, "be32");
        int v = (int) NET_U32.get(data, position);
        position += 4;
        return v;
    }

    public long u64() throws NetlinkParseException {
        require(8, "u64");
        long v = (long) HOST_U64.get(data, position);
        position += 8;
        return v;
    }

    public long u64be() throws NetlinkParseException {
        require(8, "be64");
        long v = (long) NET_U64.get(data, position);
        position += 8;
        return v;
    }

    /** Copies the next {@code count} bytes. */
    public byte[] bytes(int count) throws NetlinkParseException {
        requireCount(count, "bytes");
        byte[] copy = Arrays.copyOfRange(data, position, position + count);
        position += count;
        return copy;
    }

    /** Copies everything that is left. */
    public byte[] rest() {
        byte[] copy = Arrays.copyOfRange(data, position, limit);
        position = limit;
        return copy;
    }

    /** A reader over the next {@code count} bytes, sharing the array; this cursor moves past them. */
    public WireReader slice(int count) throws NetlinkParseException {
        requireCount(count, "slice");
        WireReader slice = new WireReader(data, position, position + count);
        position += count;
        return slice;
    }

    /** A reader over the bytes left, without moving this cursor. */
    public WireReader view() {
        return new WireReader(data, position, limit);
    }

    public void skip(int count) throws NetlinkParseException {
        requireCount(count, "skip");
        position += count;
    }

    /**
     * Moves to the next multiple of {@code alignment} from the start of this reader, or to the end
     * when the padding is cut off (the kernel omits the padding of a last element).
     */
    public void align(int alignment) {
        int offset = position - start;
        int padded = (offset + alignment - 1) / alignment * alignment;
        position = Math.min(start + padded, limit);
    }

    /**
     * Reads {@code count} bytes as text, stopping at the first NUL (C strings). Invalid UTF-8 becomes
     * U+FFFD: the text is for display and matching, never trusted.
     */
    public String cString(int count) throws NetlinkParseException {
        requireCount(count, "string");
        int end = position;
        while (end < position + count && data[end] != 0) {
            end++;
        }
        String s = new String(data, position, end - position, StandardCharsets.UTF_8);
        position += count;
        return s;
    }

    private void requireCount(int count, String what) throws NetlinkParseException {
        if (count < 0) {
            throw new NetlinkParseException("negative length " + count + " for " + what + " at offset " + position());
        }
        require(count, what);
    }

    private void require(int count, String what) throws NetlinkParseException {
        if (limit - position < count) {
            throw new NetlinkParseException("truncated: " + what + " needs " + count + " bytes at offset "
                    + position() + ", " + remaining() + " left");
        }
    }
}
