package dev.runwall.dns.resolvconf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed resolver configuration file (resolv.conf(5)): the name servers, the other directives kept
 * verbatim ({@code search}, {@code domain}, {@code options}, {@code sortlist}), and warnings for lines that
 * were skipped. Like the C library, the parser never rejects a file: a bad line is skipped with a warning
 * that names the file and line.
 */
public record ResolvConf(List<InetAddress> nameservers, List<String> keptLines, List<String> warnings) {
    private static final List<String> KEPT = List.of("search", "domain", "options", "sortlist");

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        keptLines = List.copyOf(keptLines);
        warnings = List.copyOf(warnings);
    }

    /** Parses {@code text}; {@code source} names the file in warnings. */
    public static ResolvConf parse(String text, String source) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String keyword = words[0].toLowerCase(Locale.ROOT);
            String where = source + ":" + (i + 1);
            if (keyword.equals("nameserver")) {
                if (words.length < 2) {
                    warnings.add(where + ": 'nameserver' without an address, line skipped");
                    continue;
                }
                try {
                    servers.add(address(words[1]));
                } catch (IllegalArgumentException e) {
                    warnings.add(where + ": nameserver '" + words[1] + "' is not an IP address (" + e.getMessage()
                            + "), line skipped");
                }
            } else if (KEPT.contains(keyword)) {
                kept.add(line);
            }
        }
        return new ResolvConf(servers, kept, warnings);
    }

    /** An IPv4 or IPv6 literal, with an optional {@code %scope} (interface name or number) for link-local. */
    static InetAddress address(String literal) {
        int percent = literal.indexOf('%');
        if (percent < 0) {
            return InetAddress.ofLiteral(literal);
        }
        InetAddress base = InetAddress.ofLiteral(literal.substring(0, percent));
        String scope = literal.substring(percent + 1);
        if (!(base instanceof Inet6Address)) {
            throw new IllegalArgumentException("a scope is only valid on an IPv6 address");
        }
        try {
            if (!scope.isEmpty() && scope.chars().allMatch(Character::isDigit)) {
                return Inet6Address.getByAddress(null, base.getAddress(), Integer.parseInt(scope));
            }
            NetworkInterface nif = NetworkInterface.getByName(scope);
            if (nif == null) {
                throw new IllegalArgumentException("no interface named '" + scope + "'");
            }
            return Inet6Address.getByAddress(null, base.getAddress(), nif);
        } catch (java.net.UnknownHostException | SocketException | NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The file we write while the proxy runs: our addresses first and only, the kept lines after. */
    public static String pointingAt(List<InetAddress> proxies, List<String> keptLines, String note) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(note).append('\n');
        for (InetAddress a : proxies) {
            sb.append("nameserver ").append(dev.runwall.core.net.IpText.of(a)).append('\n');
        }
        for (String line : keptLines) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
