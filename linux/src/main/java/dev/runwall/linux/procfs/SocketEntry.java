package dev.runwall.linux.procfs;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/net/tcp|tcp6|udp|udp6}.
 *
 * @param inode the socket inode, matching {@code socket:[INODE]} links in {@code /proc/PID/fd}
 */
public record SocketEntry(InetSocketAddress local, InetSocketAddress remote, int uid, long inode) {

    /** Parses a whole table; the header line is skipped. */
    public static List<SocketEntry> parseTable(String text) throws ProcParseException {
        List<SocketEntry> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                out.add(parseLine(line));
            }
        }
        return out;
    }

    static SocketEntry parseLine(String line) throws ProcParseException {
        String[] f = line.split("\\s+");
        if (f.length < 10) {
            throw new ProcParseException("socket table: expected 10 or more fields, got " + f.length);
        }
        return new SocketEntry(address(f[1]), address(f[2]), (int) number(f[7], 10), number(f[9], 10));
    }

    /** Decodes {@code 0100007F:0035} (IPv4) or the 32-hex-digit IPv6 form; each 32-bit word is host-endian. */
    private static InetSocketAddress address(String field) throws ProcParseException {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new ProcParseException("socket table: address without ':'");
        }
        String hex = field.substring(0, colon);
        if (hex.length() != 8 && hex.length() != 32) {
            throw new ProcParseException("socket table: address of " + hex.length() + " hex digits");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                // little-endian words: the last byte pair of each 8-digit word is the first address byte
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) number(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), (int) number(field.substring(colon + 1), 16));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new ProcParseException("socket table: bad address " + field);
        }
    }

    private static long number(String s, int radix) throws ProcParseException {
        try {
            long v = Long.parseLong(s, radix);
            if (v < 0) {
                throw new ProcParseException("socket table: negative number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ProcParseException("socket table: '" + s + "' is not a number");
        }
    }
}
