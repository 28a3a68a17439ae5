package dev.runwall.sandbox.internal;

import java.net.InetAddress;
import java.util.Arrays;

/** An address prefix such as {@code 198.18.0.0/15}; used to keep every sandbox address inside its ranges. */
public record Cidr(InetAddress base, int prefixLength) {

    public Cidr {
        int bits = base.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + base);
        }
    }

    /** Parses {@code address/length}; for constants only, so a bad value is a programming error. */
    public static Cidr of(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix: " + text);
        }
        return new Cidr(InetAddress.ofLiteral(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] b = base.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(a, 0, full, b, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    /** The address {@code offset} after the base (offset fits in the last two bytes; enough for our plan). */
    public InetAddress plus(int offset) {
        byte[] a = base.getAddress();
        int low = ((a[a.length - 2] & 0xff) << 8 | (a[a.length - 1] & 0xff)) + offset;
        a[a.length - 2] = (byte) (low >> 8);
        a[a.length - 1] = (byte) low;
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefixLength;
    }
}
