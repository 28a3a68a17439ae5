package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.AddressPlan;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.ZoneException;
import dev.runwall.sandbox.internal.AddressText;
import dev.runwall.sandbox.internal.dns.Authority;
import dev.runwall.sandbox.internal.dns.Reply;
import dev.runwall.sandbox.internal.dns.Transport;
import dev.runwall.sandbox.internal.dns.ZoneIndex;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox internet, run as its own JVM inside the internet namespace: DNS on the resolver
 * addresses, HTTP and UDP echo on every host address, DoT/DoH stand-ins on extra resolvers. It binds
 * every port, then writes the ready file, then serves until it is killed. Exit codes: 2 bad zone or
 * arguments, 3 a port cannot be bound.
 */
public final class InternetServer {
    /** Receiving threads per DNS UDP socket. */
    private static final int DNS_UDP_THREADS = 2;
    private final List<Listener> listeners = new ArrayList<>();

    public static void main(String[] args) throws InterruptedException {
        ServerOptions options;
        Zone zone;
        try {
            options = ServerOptions.parse(args);
            zone = Zone.parse(options.zone());
        } catch (IllegalArgumentException | ZoneException e) {
            System.err.println("internet server: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            QueryRecorder recorder = QueryRecorder.NONE;
            if (options.queryLog().isPresent()) {
                try {
                    recorder = new QueryLogWriter(options.queryLog().get());
                } catch (IOException e) {
                    throw new IOException("cannot open the query log " + options.queryLog().get() + " (" + e + ")", e);
                }
            }
            var server = new InternetServer(zone, recorder);
            server.start();
            markReady(options.readyFile());
        } catch (IOException e) {
            System.err.println("internet server: " + e.getMessage());
            System.exit(3);
            return;
        }
        new CountDownLatch(1).await(); // listener threads are virtual (daemon): keep the JVM alive
    }

    /** Binds every port of the zone; throws naming the address and port that could not be bound. */
    InternetServer(Zone zone, QueryRecorder recorder) throws IOException {
        var authority = new Authority(new ZoneIndex(zone));
        var resolvers = new ArrayList<InetAddress>(List.of(AddressPlan.RESOLVER_V4, AddressPlan.RESOLVER_V6));
        resolvers.addAll(zone.resolvers());
        for (InetAddress resolver : resolvers) {
            var at = new InetSocketAddress(resolver, 53);
            bind(() -> new UdpListener(at, "dns", DNS_UDP_THREADS, dnsOverUdp(authority, recorder)), at);
            bind(() -> new TcpListener(at, "dns", new DnsOverTcp(authority, recorder)), at);
        }
        for (InetAddress resolver : zone.resolvers()) {
            String name = AddressText.of(resolver);
            for (int port : List.of(853, 443)) {
                var at = new InetSocketAddress(resolver, port);
                String what = port == 853 ? "DNS-over-TLS" : "DNS-over-HTTPS";
                bind(() -> new TcpListener(at, "stand-in", new Banner("runwall sandbox resolver " + name + " port "
                        + port + ": " + what + " stand-in")), at);
            }
        }
        for (var entry : namesByEndpoint(zone, true).entrySet()) {
            bind(() -> new TcpListener(entry.getKey(), "http", new HttpHost(entry.getValue())), entry.getKey());
        }
        for (var entry : namesByEndpoint(zone, false).entrySet()) {
            bind(() -> new UdpListener(entry.getKey(), "echo", 1, (datagram, s, c) -> Optional.of(UdpListener.Outgoing.now(datagram))),
                    entry.getKey());
        }
    }

    void start() {
        for (Listener listener : listeners) {
            listener.start();
        }
        System.err.println("internet server: listening on " + listeners.size() + " ports");
    }

    private static UdpListener.Service dnsOverUdp(Authority authority, QueryRecorder recorder) {
        return (datagram, server, client) -> {
            Optional<Reply> reply = authority.respond(datagram, Transport.UDP);
            reply.ifPresent(r -> recorder.record(r, Transport.UDP, server, client));
            return reply.filter(r -> !r.dropped()).map(r -> new UdpListener.Outgoing(r.wire(), r.delay()));
        };
    }

    /** Hosts may share an address: one listener per address and port, knowing every name on it. */
    private static Map<InetSocketAddress, List<String>> namesByEndpoint(Zone zone, boolean tcp) {
        var out = new LinkedHashMap<InetSocketAddress, List<String>>();
        for (Host host : zone.hosts()) {
            for (InetAddress address : host.addresses()) {
                for (int port : tcp ? host.tcp() : host.udp()) {
                    out.computeIfAbsent(new InetSocketAddress(address, port), k -> new ArrayList<>()).add(host.name());
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Binding {
        Listener bind() throws IOException;
    }

    private void bind(Binding binding, InetSocketAddress at) throws IOException {
        try {
            listeners.add(binding.bind());
        } catch (IOException e) {
            throw new IOException("cannot listen on " + AddressText.of(at.getAddress()) + " port " + at.getPort()
                    + " (" + e.getMessage() + "): is the address assigned in this namespace?", e);
        }
    }

    /** Written whole or not at all, so the waiting side never reads half a file. */
    private static void markReady(Path readyFile) throws IOException {
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
