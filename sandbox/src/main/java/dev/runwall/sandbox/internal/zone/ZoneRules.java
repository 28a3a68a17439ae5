package dev.runwall.sandbox.internal.zone;

import dev.runwall.sandbox.AddressPlan;
import dev.runwall.sandbox.internal.AddressText;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The rules for single values of a zone: names, addresses, ports, TTLs, record types and data. */
public final class ZoneRules {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Types that are not data in a zone (meta and query types), or that other sections provide. */
    private static final Set<Integer> NOT_STORABLE =
            Set.of(Type.OPT, Type.TSIG, Type.TKEY, Type.AXFR, Type.IXFR, Type.ANY, Type.MAILA, Type.MAILB);
    public static final long MAX_TTL = 2_147_483_647L;
    public static final int MAX_TXT_SIZE = 32_768;
    public static final long MAX_DELAY_MILLIS = 60_000;

    /** A DNS name, lower-cased and without the trailing dot. */
    public static String name(String raw) throws RuleViolation {
        String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        name = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new RuleViolation("the name is empty: give a DNS name such as api.example.test");
        }
        if (name.length() > 253) {
            throw new RuleViolation("the name '" + shorten(raw) + "' is longer than 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.equals("*")) {
                throw new RuleViolation("wildcard names like '" + raw + "' are not supported: list each name");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new RuleViolation("'" + shorten(raw) + "' is not a valid DNS name: each dot-separated label"
                        + " must be 1-63 letters, digits, '-' or '_', not starting or ending with '-'");
            }
        }
        return name;
    }

    public static Inet4Address ipv4(String raw) throws RuleViolation {
        if (!DOTTED_QUAD.matcher(raw).matches()) {
            throw new RuleViolation("'" + shorten(raw) + "' is not an IPv4 address: write it like 198.18.1.10"
                    + (raw.contains(":") ? " (IPv6 addresses go under ipv6:)" : ""));
        }
        InetAddress address = literal(raw, "IPv4");
        if (!(address instanceof Inet4Address v4)) {
            throw new RuleViolation("'" + raw + "' is not an IPv4 address: write it like 198.18.1.10");
        }
        checkUsable(v4);
        return v4;
    }

    public static Inet6Address ipv6(String raw) throws RuleViolation {
        InetAddress address = literal(raw, "IPv6");
        if (!(address instanceof Inet6Address v6) || !raw.contains(":")) {
            throw new RuleViolation("'" + shorten(raw) + "' is not an IPv6 address: write it like fd52:7761:6c6c::10"
                    + " (IPv4 addresses go under ipv4:)");
        }
        checkUsable(v6);
        return v6;
    }

    /** An address of either family (resolvers). */
    public static InetAddress address(String raw) throws RuleViolation {
        return raw.contains(":") ? ipv6(raw) : ipv4(raw);
    }

    /** Inside the sandbox ranges and outside the ranges the sandbox reserves for itself. */
    public static void checkUsable(InetAddress address) throws RuleViolation {
        String text = AddressText.of(address);
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            throw new RuleViolation("'" + text + "' has a scope: use a plain address from " + AddressPlan.SANDBOX_V6);
        }
        if (!AddressPlan.inSandbox(address)) {
            boolean v4 = address instanceof Inet4Address;
            throw new RuleViolation("'" + text + "' is outside the sandbox range " + (v4 ? AddressPlan.SANDBOX_V4 : AddressPlan.SANDBOX_V6)
                    + ": every sandbox address must be inside " + AddressPlan.SANDBOX_V4 + " or " + AddressPlan.SANDBOX_V6
                    + " so that no packet can leave the machine (for example " + (v4 ? "198.18.1.10" : "fd52:7761:6c6c::10") + ")");
        }
        var reserved = AddressPlan.reservedRangeOf(address);
        if (reserved.isPresent()) {
            boolean v4 = address instanceof Inet4Address;
            throw new RuleViolation("'" + text + "' is in " + reserved.get() + ", which the sandbox reserves for its own"
                    + " link, resolver and container network: use another address (for example "
                    + (v4 ? "198.18.1.10" : "fd52:7761:6c6c::10") + ")");
        }
    }

    public static int port(long value) throws RuleViolation {
        if (value < 1 || value > 65_535) {
            throw new RuleViolation("port " + value + " is out of range: ports are 1 to 65535");
        }
        return (int) value;
    }

    public static int ttl(long value) throws RuleViolation {
        if (value < 0 || value > MAX_TTL) {
            throw new RuleViolation("ttl " + value + " is out of range: give seconds from 0 to " + MAX_TTL);
        }
        return (int) value;
    }

    /** The upper-case mnemonic of a type that may appear under records:. */
    public static String recordType(String raw) throws RuleViolation {
        String type = raw.toUpperCase(Locale.ROOT);
        int code = Type.value(type);
        if (code < 0) {
            throw new RuleViolation("unknown record type '" + shorten(raw)
                    + "': use a DNS type name such as TXT, MX, SRV, HTTPS, SVCB, CAA or NS");
        }
        if (code == Type.A || code == Type.AAAA) {
            throw new RuleViolation(type + " records come from hosts: (name, ipv4, ipv6, ports): add a host instead");
        }
        if (code == Type.CNAME) {
            throw new RuleViolation("CNAME records go under cnames: (name, target)");
        }
        if (NOT_STORABLE.contains(code)) {
            throw new RuleViolation(type + " is a query or meta type, not data that a zone can hold");
        }
        return Type.string(code);
    }

    /** Checks record data in presentation format by parsing it as dnsjava would. */
    public static void recordData(String name, String type, long ttl, String data) throws RuleViolation {
        if (data.isBlank()) {
            throw new RuleViolation("the " + type + " record has no data: write it in DNS presentation format, e.g. "
                    + example(type));
        }
        try {
            Record.fromString(Name.fromString(name, Name.root), Type.value(type), DClass.IN, ttl, data, Name.root);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof TextParseException || e.getMessage() != null ? e.getMessage() : e.toString();
            throw new RuleViolation("invalid " + type + " data '" + shorten(data) + "' (" + reason
                    + "): write it in DNS presentation format, e.g. " + example(type));
        }
    }

    public static int txtSize(long size) throws RuleViolation {
        if (size < 1 || size > MAX_TXT_SIZE) {
            throw new RuleViolation("size " + size + " is out of range: give 1 to " + MAX_TXT_SIZE
                    + " bytes (more than 512 makes the answer too big for plain UDP)");
        }
        return (int) size;
    }

    /**
     * TXT data of exactly {@code size} characters of text, split into 255-character strings (the
     * most one TXT string holds). The text is fixed so answers are reproducible.
     */
    public static String largeTxt(int size) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var data = new StringBuilder(size + size / 255 * 3 + 3);
        for (int done = 0; done < size; ) {
            int n = Math.min(255, size - done);
            data.append(data.isEmpty() ? "\"" : " \"");
            for (int i = 0; i < n; i++) {
                data.append(alphabet.charAt((done + i) % alphabet.length()));
            }
            data.append('"');
            done += n;
        }
        return data.toString();
    }

    private static String example(String type) {
        return switch (type) {
            case "TXT" -> "'\"v=spf1 -all\"'";
            case "MX" -> "'10 mail.example.test.'";
            case "SRV" -> "'10 5 443 api.example.test.'";
            case "HTTPS", "SVCB" -> "'1 . alpn=h2,h3'";
            case "CAA" -> "'0 issue \"ca.example.test\"'";
            case "NS" -> "'ns1.example.test.'";
            default -> "the form of RFC 1035 section 5 (or '\\# LENGTH HEX' for any type)";
        };
    }

    private static InetAddress literal(String raw, String family) throws RuleViolation {
        try {
            return InetAddress.ofLiteral(raw);
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("'" + shorten(raw) + "' is not an " + family + " address: write it like "
                    + (family.equals("IPv4") ? "198.18.1.10" : "fd52:7761:6c6c::10"));
        }
    }

    /** Keeps error messages readable (and terminal-safe) whatever the offending value holds. */
    public static String shorten(String value) {
        String cut = value.length() <= 80 ? value : value.substring(0, 77) + "...";
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private ZoneRules() {}
}
