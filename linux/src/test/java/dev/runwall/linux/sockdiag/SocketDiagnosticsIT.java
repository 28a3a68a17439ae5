package dev.runwall.linux.sockdiag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.netns.NamespaceThread;
import dev.runwall.linux.testing.Privileges;
import dev.runwall.linux.testing.TestNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sockets opened in a test namespace, found again through NETLINK_SOCK_DIAG. */
@SuppressWarnings("try") // sockets held open only to be looked up, or closed early to see them vanish
class SocketDiagnosticsIT {
    private static final InetSocketAddress DNS_V4 = new InetSocketAddress(loopback("127.0.0.1"), 53);
    private static final InetSocketAddress DNS_V6 = new InetSocketAddress(loopback("::1"), 53);

    private TestNamespace namespace;
    private NamespaceThread inside;
    private SocketDiagnostics diagnostics;

    @BeforeEach
    void setUp() throws Exception {
        Privileges.requireRoot();
        namespace = TestNamespace.create();
        inside = NamespaceThread.enter(namespace.path());
        diagnostics = SocketDiagnostics.openIn(namespace.path());
        requireDiagModules();
    }

    /** Without tcp_diag/udp_diag the kernel answers "no such socket": say so instead of failing obscurely. */
    private void requireDiagModules() throws Exception {
        try (DatagramChannel udp = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)));
             ServerSocketChannel tcp = inside.call(() -> ServerSocketChannel.open(StandardProtocolFamily.INET)
                     .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)))) {
            if (diagnostics.dump(SocketProtocol.UDP).isEmpty()) {
                throw new AssertionError("kernel feature missing: sock_diag finds no UDP socket (udp_diag, CONFIG_INET_UDP_DIAG)");
            }
            if (diagnostics.dump(SocketProtocol.TCP).isEmpty()) {
                throw new AssertionError("kernel feature missing: sock_diag finds no TCP socket (tcp_diag, CONFIG_INET_TCP_DIAG)");
            }
        }
    }

    @AfterEach
    void tearDown() {
        diagnostics.close();
        inside.close();
        namespace.close();
    }

    @Test
    void unconnectedUdpSocketIsFoundWithOrWithoutItsPeerAndInodeMatchesProcSelfFd() throws Exception {
        try (DatagramChannel udp = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)))) {
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            SocketInfo info = diagnostics.lookup(SocketProtocol.UDP, local, null).orElseThrow();
            assertThat(info.local()).isEqualTo(local);
            assertThat(info.ipVersion()).isEqualTo(4);
            assertThat(info.uid()).isZero();
            assertThat(ownSocketInodes()).contains(info.inode());
            assertThat(diagnostics.lookup(SocketProtocol.UDP, local, DNS_V4)).contains(info);
            udp.close();
            assertThat(diagnostics.lookup(SocketProtocol.UDP, local, null)).isEmpty();
        }
    }

    @Test
    void connectedUdpSocketIsFoundByItsPeer() throws Exception {
        try (DatagramChannel udp = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET).connect(DNS_V4));
             DatagramChannel other = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET).connect(DNS_V4))) {
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            SocketInfo info = diagnostics.lookup(SocketProtocol.UDP, local, DNS_V4).orElseThrow();
            assertThat(info.remote()).isEqualTo(DNS_V4);
            assertThat(info.state()).isEqualTo(SocketInfo.STATE_ESTABLISHED);
            SocketInfo otherInfo = diagnostics.lookup(SocketProtocol.UDP,
                    (InetSocketAddress) other.getLocalAddress(), DNS_V4).orElseThrow();
            assertThat(otherInfo.inode()).isNotEqualTo(info.inode());
            assertThat(ownSocketInodes()).contains(info.inode(), otherInfo.inode());
            // a connected socket does not match a wildcard peer
            assertThat(diagnostics.lookup(SocketProtocol.UDP, local, null)).isEmpty();
        }
    }

    @Test
    void ipv6UdpAndDualStackSocketsCarryingIpv4() throws Exception {
        try (DatagramChannel v6 = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6).connect(DNS_V6));
             DatagramChannel dual = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6)
                     .bind(new InetSocketAddress(0)))) {
            SocketInfo info = diagnostics.lookup(SocketProtocol.UDP, (InetSocketAddress) v6.getLocalAddress(), DNS_V6)
                    .orElseThrow();
            assertThat(info.ipVersion()).isEqualTo(6);
            assertThat(ownSocketInodes()).contains(info.inode());
            int port = ((InetSocketAddress) dual.getLocalAddress()).getPort();
            SocketInfo dualInfo = diagnostics.lookup(SocketProtocol.UDP,
                    new InetSocketAddress(loopback("127.0.0.1"), port), DNS_V4).orElseThrow();
            assertThat(dualInfo.ipVersion()).isEqualTo(6);
            assertThat(ownSocketInodes()).contains(dualInfo.inode());
        }
    }

    @Test
    void tcpListenerClientAndAcceptedSocketsV4AndV6() throws Exception {
        for (String host : List.of("127.0.0.1", "::1")) {
            StandardProtocolFamily family = host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            try (ServerSocketChannel server = inside.call(() -> ServerSocketChannel.open(family)
                    .bind(new InetSocketAddress(loopback(host), 0)));
                 SocketChannel client = inside.call(() -> {
                     SocketChannel c = SocketChannel.open(family);
                     c.connect(server.getLocalAddress());
                     return c;
                 });
                 SocketChannel accepted = server.accept()) {
                InetSocketAddress serverAddress = (InetSocketAddress) server.getLocalAddress();
                InetSocketAddress clientAddress = (InetSocketAddress) client.getLocalAddress();
                SocketInfo listener = diagnostics.lookup(SocketProtocol.TCP, serverAddress, null).orElseThrow();
                assertThat(listener.state()).isEqualTo(SocketInfo.STATE_LISTEN);
                SocketInfo clientInfo = diagnostics.lookup(SocketProtocol.TCP, clientAddress, serverAddress).orElseThrow();
                assertThat(clientInfo.state()).isEqualTo(SocketInfo.STATE_ESTABLISHED);
                assertThat(clientInfo.remote()).isEqualTo(serverAddress);
                SocketInfo acceptedInfo = diagnostics.lookup(SocketProtocol.TCP, serverAddress, clientAddress).orElseThrow();
                assertThat(Set.of(listener.inode(), clientInfo.inode(), acceptedInfo.inode())).hasSize(3);
                assertThat(ownSocketInodes()).contains(listener.inode(), clientInfo.inode(), acceptedInfo.inode());
                assertThat(clientInfo.ipVersion()).isEqualTo(host.contains(":") ? 6 : 4);
            }
        }
    }

    @Test
    void ipv4LookupFindsADualStackTcpClient() throws Exception {
        try (ServerSocketChannel server = inside.call(() -> ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)));
             SocketChannel dual = inside.call(() -> SocketChannel.open(server.getLocalAddress()))) {
            InetSocketAddress serverAddress = (InetSocketAddress) server.getLocalAddress();
            int port = ((InetSocketAddress) dual.getLocalAddress()).getPort();
            SocketInfo info = diagnostics.lookup(SocketProtocol.TCP,
                    new InetSocketAddress(loopback("127.0.0.1"), port), serverAddress).orElseThrow();
            assertThat(info.ipVersion()).isEqualTo(6);
            assertThat(info.local().getAddress()).isInstanceOf(java.net.Inet6Address.class);
            assertThat(info.local().getAddress().getAddress()) // ::ffff:127.0.0.1
                    .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);
            assertThat(ownSocketInodes()).contains(info.inode());
        }
    }

    @Test
    void aDumpOfOneFamilyListsThatFamilysSocketsOnlyAndADualStackSocketUnderIpv6() throws Exception {
        try (DatagramChannel v4 = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)));
             DatagramChannel dual = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6)
                     .bind(new InetSocketAddress(0)).connect(DNS_V4))) {
            int v4Port = ((InetSocketAddress) v4.getLocalAddress()).getPort();
            int dualPort = ((InetSocketAddress) dual.getLocalAddress()).getPort();

            List<SocketInfo> inet = diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET);
            List<SocketInfo> inet6 = diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET6);

            assertThat(inet).extracting(s -> s.local().getPort()).contains(v4Port).doesNotContain(dualPort);
            assertThat(inet6).extracting(s -> s.local().getPort()).contains(dualPort).doesNotContain(v4Port);
            SocketInfo d = inet6.stream().filter(s -> s.local().getPort() == dualPort).findFirst().orElseThrow();
            assertThat(d.ipVersion()).isEqualTo(6);
            assertThat(d.remote().getPort()).isEqualTo(53);
            assertThat(d.remote().getAddress().getAddress()) // ::ffff:127.0.0.1
                    .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);
            assertThat(diagnostics.dump(SocketProtocol.UDP)).containsAll(inet).containsAll(inet6);
        }
    }

    @Test
    void aDumpFilteredByLocalPortsListsExactlyTheSocketsOnThosePorts() throws Exception {
        List<DatagramChannel> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                open.add(inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(loopback("127.0.0.1"), 0))));
            }
            DatagramChannel dual = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6)
                    .bind(new InetSocketAddress(0)).connect(DNS_V4));
            open.add(dual);
            List<Integer> ports = new java.util.ArrayList<>();
            for (DatagramChannel c : open) {
                ports.add(((InetSocketAddress) c.getLocalAddress()).getPort());
            }
            DatagramChannel closed = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)));
            int closedPort = ((InetSocketAddress) closed.getLocalAddress()).getPort();
            closed.close();

            List<Integer> asked = List.of(ports.get(0), ports.get(3), closedPort, ports.get(3));
            assertThat(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET, asked))
                    .extracting(s -> s.local().getPort()).containsExactlyInAnyOrder(ports.get(0), ports.get(3));
            assertThat(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET, List.of(ports.get(5))))
                    .as("one port").singleElement().satisfies(s -> assertThat(s.local().getPort()).isEqualTo(ports.get(5)));
            assertThat(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET, List.of(closedPort)))
                    .as("no socket on that port").isEmpty();
            int dualPort = ports.get(6);
            assertThat(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET6, List.of(ports.get(1), dualPort)))
                    .as("the dual-stack socket, under IPv6 only").extracting(s -> s.local().getPort()).containsExactly(dualPort);

            // a long program (the kernel checks every jump) gives what the unfiltered dump gives for those ports
            List<Integer> many = new java.util.ArrayList<>(ports);
            for (int p = 1; many.size() < 300; p++) {
                many.add(p);
            }
            Set<SocketInfo> expected = new HashSet<>(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET)
                    .stream().filter(s -> many.contains(s.local().getPort())).toList());
            assertThat(diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET, many))
                    .containsExactlyInAnyOrderElementsOf(expected).hasSize(6);
        } finally {
            for (DatagramChannel c : open) {
                c.close();
            }
        }
    }

    @Test
    void dumpShowsTheUidOfAnotherUsersSocket() throws Exception {
        Process child = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "setpriv", "--reuid", "65534",
                "--regid", "65534", "--clear-groups", "bash", "-c", "exec 3<>/dev/udp/127.0.0.1/9999; sleep 20")
                .redirectErrorStream(true).start();
        try {
            Optional<SocketInfo> found = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                found = diagnostics.dump(SocketProtocol.UDP).stream()
                        .filter(s -> s.remote().getPort() == 9999).findFirst();
                Thread.sleep(20);
            }
            SocketInfo socket = found.orElseThrow(() -> new AssertionError("the child's UDP socket never appeared"));
            assertThat(socket.uid()).isEqualTo(65534);
            assertThat(diagnostics.lookup(SocketProtocol.UDP, socket.local(), socket.remote())).contains(socket);
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(child.children().findFirst()
                    .map(ProcessHandle::pid).orElse(child.pid())), "fd", "3")).toString();
            assertThat(target).isEqualTo("socket:[" + socket.inode() + "]");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void lookupCost() throws Exception {
        try (DatagramChannel udp = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback("127.0.0.1"), 0)));
             DatagramChannel padding = inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET).connect(DNS_V4))) {
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            int count = 20_000;
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                diagnostics.lookup(SocketProtocol.UDP, local, DNS_V4).orElseThrow();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos, 1000, count);
            long[] steady = Arrays.copyOfRange(nanos, 1000, count);
            System.out.printf("sock_diag UDP lookup: median %.1f us, p99 %.1f us (n=%d, after %d warm-up)%n",
                    steady[steady.length / 2] / 1000.0, steady[steady.length * 99 / 100] / 1000.0, steady.length, 1000);
            assertThat(padding.isConnected()).isTrue();
            // a dump walks the whole UDP hash table, however few sockets there are: what a batch of lookups costs
            int dumps = 5_000;
            long[] dumpNanos = new long[dumps];
            for (int i = 0; i < dumps; i++) {
                long start = System.nanoTime();
                List<SocketInfo> all = diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET);
                dumpNanos[i] = System.nanoTime() - start;
                if (i == 0) {
                    assertThat(all).extracting(SocketInfo::local).contains(local);
                }
            }
            print("sock_diag UDP dump (IPv4, 2 sockets)", dumpNanos, 500);
            // with 40 more sockets in the namespace, unfiltered and filtered by the one port asked for
            List<DatagramChannel> more = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    more.add(inside.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(loopback("127.0.0.1"), 0))));
                }
                long[] full = new long[dumps];
                long[] filtered = new long[dumps];
                List<Integer> port = List.of(local.getPort());
                for (int i = 0; i < dumps; i++) {
                    long start = System.nanoTime();
                    diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET);
                    full[i] = System.nanoTime() - start;
                    start = System.nanoTime();
                    List<SocketInfo> one = diagnostics.dump(SocketProtocol.UDP, StandardProtocolFamily.INET, port);
                    filtered[i] = System.nanoTime() - start;
                    if (i == 0) {
                        assertThat(one).extracting(SocketInfo::local).containsExactly(local);
                    }
                }
                print("sock_diag UDP dump (IPv4, 42 sockets)", full, 500);
                print("sock_diag UDP dump (IPv4, 42 sockets, filtered by local port)", filtered, 500);
                // several exact lookups in one request datagram, answers taken with recvmmsg
                for (int batch : new int[] {1, 4, 8, 16}) {
                    List<InetSocketAddress> locals = new java.util.ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        locals.add((InetSocketAddress) more.get(i).getLocalAddress());
                    }
                    long[] together = new long[dumps];
                    for (int i = 0; i < dumps; i++) {
                        long start = System.nanoTime();
                        List<java.util.Optional<SocketInfo>> got = diagnostics.lookupAll(SocketProtocol.UDP, locals,
                                java.util.Collections.nCopies(batch, DNS_V4));
                        together[i] = System.nanoTime() - start;
                        if (i == 0) {
                            assertThat(got).extracting(o -> o.orElseThrow().local()).containsExactlyElementsOf(locals);
                        }
                    }
                    print("sock_diag UDP lookups of " + batch + " sockets in one request", together, 500);
                }
            } finally {
                for (DatagramChannel c : more) {
                    c.close();
                }
            }
        }
    }

    /** Prints the median and p99 of {@code nanos} after the first {@code warmUp}. */
    private static void print(String what, long[] nanos, int warmUp) {
        Arrays.sort(nanos, warmUp, nanos.length);
        long[] steady = Arrays.copyOfRange(nanos, warmUp, nanos.length);
        System.out.printf("%s: median %.1f us, p99 %.1f us (n=%d, after %d warm-up)%n", what,
                steady[steady.length / 2] / 1000.0, steady[steady.length * 99 / 100] / 1000.0, steady.length, warmUp);
    }

    /** Inodes of the sockets this JVM holds open, from /proc/self/fd. */
    private static Set<Long> ownSocketInodes() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException gone) {
                    // the fd closed while listing
                }
            }
        }
        return inodes;
    }

    private static InetAddress loopback(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
