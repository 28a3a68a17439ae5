package dev.runwall.core.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the Harden-Runner-compatible {@code allowed-endpoints} string: entries separated by spaces,
 * newlines or commas; each entry {@code host[:port]}, {@code *.domain[:port]}, {@code a.b.c.d[/len][:port]}
 * or {@code [v6addr[/len]][:port]}; the port is 1..65535 or {@code *} and defaults to 443.
 */
public final class AllowedEndpointsParser {
    private AllowedEndpointsParser() {}

    /** Parses the whole string; the first bad entry ends parsing with a message naming it and why. */
    public static List<EndpointPattern> parse(String allowedEndpoints) throws PolicyException {
        Set<EndpointPattern> out = new LinkedHashSet<>();
        if (allowedEndpoints == null) {
            return List.of();
        }
        int index = 0;
        for (String raw : allowedEndpoints.split("[\\s,]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            index++;
            try {
                out.add(parseEntry(raw));
            } catch (PolicyException e) {
                throw new PolicyException("allowed-endpoints entry " + index + " '" + raw + "': " + e.getMessage());
            }
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /** Parses one entry. */
    public static EndpointPattern parseEntry(String entry) throws PolicyException {
        if (entry.contains("://")) {
            throw new PolicyException("write host:port, not a URL (drop the scheme and path)");
        }
        if (entry.contains("/") && !looksLikeCidr(entry)) {
            throw new PolicyException("write host:port, not a URL or path");
        }
        if (entry.startsWith("[")) {
            return parseBracketedV6(entry);
        }
        int colon = entry.lastIndexOf(':');
        if (colon >= 0 && entry.indexOf(':') != colon) {
            throw new PolicyException("an IPv6 address must be written in brackets, e.g. [fd52:7761:6c6c::7]:443");
        }
        String host = colon < 0 ? entry : entry.substring(0, colon);
        PortSpec port = colon < 0 ? PortSpec.DEFAULT : parsePort(entry.substring(colon + 1));
        if (host.isEmpty()) {
            throw new PolicyException("the host is missing before ':'");
        }
        if (looksLikeIpv4(host)) {
            return addressPattern(host, port, 32);
        }
        return namePattern(host, port);
    }

    private static EndpointPattern namePattern(String host, PortSpec port) throws PolicyException {
        boolean wildcard = host.startsWith("*.");
        String rest = wildcard ? host.substring(2) : host;
        if (rest.contains("*")) {
            throw new PolicyException("'*' is only allowed as the whole first label, as in *.example.com");
        }
        String name = DomainName.normalize(rest);
        if (wildcard && !name.contains(".")) {
            throw new PolicyException("a wildcard must cover a domain with at least two labels, e.g. *.example.com");
        }
        return new NamePattern(name, wildcard, port);
    }

    private static EndpointPattern parseBracketedV6(String entry) throws PolicyException {
        int close = entry.indexOf(']');
        if (close < 0) {
            throw new PolicyException("missing ']' after the IPv6 address");
        }
        String inside = entry.substring(1, close);
        String after = entry.substring(close + 1);
        PortSpec port;
        if (after.isEmpty()) {
            port = PortSpec.DEFAULT;
        } else if (after.startsWith(":")) {
            port = parsePort(after.substring(1));
        } else {
            throw new PolicyException("expected ':port' after ']'");
        }
        if (!inside.contains(":")) {
            throw new PolicyException("'" + inside + "' in brackets is not an IPv6 address");
        }
        return addressPattern(inside, port, 128);
    }

    private static EndpointPattern addressPattern(String text, PortSpec port, int maxPrefix) throws PolicyException {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        int prefix = maxPrefix;
        if (slash >= 0) {
            String len = text.substring(slash + 1);
            if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > maxPrefix) {
                throw new PolicyException("prefix length '/" + len + "' must be 0.." + maxPrefix);
            }
            prefix = Integer.parseInt(len);
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(addr);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("'" + addr + "' is not a valid IP address");
        }
        if (address.getAddress().length * 8 != maxPrefix) {
            throw new PolicyException("'" + addr + "' is an IPv4-mapped address; write the IPv4 address itself");
        }
        return new AddressPattern(address, prefix, port);
    }

    private static PortSpec parsePort(String text) throws PolicyException {
        if (text.equals("*")) {
            return PortSpec.ANY;
        }
        if (!text.matches("\\d{1,5}")) {
            throw new PolicyException("port '" + text + "' is not a number (use 1-65535 or *)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new PolicyException("port " + port + " is out of range (use 1-65535 or *)");
        }
        return PortSpec.of(port);
    }

    private static boolean looksLikeIpv4(String host) {
        return host.matches("[0-9.]+(/\\d*)?") && host.chars().filter(c -> c == '.').count() == 3;
    }

    private static boolean looksLikeCidr(String entry) {
        return entry.matches("\\[?[0-9a-fA-F.:]+/\\d+]?(:(\\d+|\\*))?");
    }
}
