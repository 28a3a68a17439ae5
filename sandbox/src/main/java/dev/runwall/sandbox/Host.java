package dev.runwall.sandbox;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A host of the sandbox internet: A/AAAA records for its name, TCP ports answering HTTP, UDP ports
 * echoing. Built in Java with {@code Host.named("api.example.test").withIpv4("198.18.1.10").withTcp(443)};
 * the addresses are checked against the sandbox ranges when the {@link Zone} is built.
 */
public record Host(
        String name, List<InetAddress> ipv4, List<InetAddress> ipv6, List<Integer> tcp, List<Integer> udp, int ttl) {

    /** The TTL of host and CNAME records when the zone gives none. */
    public static final int DEFAULT_TTL = 60;

    public Host {
        Objects.requireNonNull(name, "name");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        tcp = List.copyOf(tcp);
        udp = List.copyOf(udp);
    }

    /** A host without addresses or ports yet, with the default TTL. */
    public static Host named(String name) {
        return new Host(name, List.of(), List.of(), List.of(), List.of(), DEFAULT_TTL);
    }

    /** This host with more IPv4 addresses (literals such as {@code 198.18.1.10}). */
    public Host withIpv4(String... addresses) {
        return new Host(name, plus(ipv4, literals(addresses, Inet4Address.class)), ipv6, tcp, udp, ttl);
    }

    /** This host with more IPv6 addresses (literals such as {@code fd52:7761:6c6c::10}). */
    public Host withIpv6(String... addresses) {
        return new Host(name, ipv4, plus(ipv6, literals(addresses, Inet6Address.class)), tcp, udp, ttl);
    }

    /** This host with more TCP ports (each answers HTTP). */
    public Host withTcp(int... ports) {
        return new Host(name, ipv4, ipv6, plus(tcp, boxed(ports)), udp, ttl);
    }

    /** This host with more UDP ports (each echoes datagrams). */
    public Host withUdp(int... ports) {
        return new Host(name, ipv4, ipv6, tcp, plus(udp, boxed(ports)), ttl);
    }

    public Host withTtl(int seconds) {
        return new Host(name, ipv4, ipv6, tcp, udp, seconds);
    }

    /** IPv4 then IPv6 addresses. */
    public List<InetAddress> addresses() {
        var all = new ArrayList<InetAddress>(ipv4);
        all.addAll(ipv6);
        return List.copyOf(all);
    }

    private static <T> List<T> plus(List<T> list, List<T> more) {
        var all = new ArrayList<T>(list);
        all.addAll(more);
        return all;
    }

    private static List<Integer> boxed(int[] ports) {
        return Arrays.stream(ports).boxed().toList();
    }

    private static List<InetAddress> literals(String[] texts, Class<? extends InetAddress> family) {
        var out = new ArrayList<InetAddress>();
        for (String text : texts) {
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an IP address literal: '" + text + "'", e);
            }
            if (!family.isInstance(address)) {
                throw new IllegalArgumentException("'" + text + "' is not an " + family.getSimpleName().replace("Address", "") + " address");
            }
            out.add(address);
        }
        return out;
    }
}
