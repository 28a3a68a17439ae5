package dev.runwall.dns.internal.wire;

/** Bits of the second 16-bit word of a DNS header (RFC 1035 4.1.1, RFC 4035 for AD and CD). */
final class Header {
    static final int LENGTH = 12;
    static final int QR = 0x8000;
    static final int AA = 0x0400;
    static final int TC = 0x0200;
    static final int RD = 0x0100;
    static final int RA = 0x0080;
    static final int AD = 0x0020;
    static final int CD = 0x0010;

    private Header() {}
}
