package dev.runwall.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Finds this JVM as the owner of its own sockets through sock_diag. Every socket (the test's and the
 * attributor's netlink sockets) is opened on a thread inside a network namespace the test creates.
 */
class SockDiagAttributorIT {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final String NS = "rw-sdit-" + ProcessHandle.current().pid();

    @org.junit.jupiter.api.BeforeAll
    static void createNamespace() throws Exception {
        if (dev.runwall.linux.procfs.ProcFs.system().effectiveUid() != 0) {
            throw new IllegalStateException("this test creates a network namespace: run it as root");
        }
        ip("netns", "add", NS);
        ip("-n", NS, "link", "set", "lo", "up");
    }

    @org.junit.jupiter.api.AfterAll
    static void deleteNamespace() throws Exception {
        ip("netns", "del", NS);
    }

    private static void ip(String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
    }

    private static void inNamespace(dev.runwall.linux.netns.NamespacedCall<Void, Exception> body) throws Exception {
        dev.runwall.linux.netns.NetworkNamespaces.runOnThreadIn(dev.runwall.linux.netns.NetworkNamespaces.named(NS), body);
    }

    @Test
    void findsTheOwnerOfAConnectedAndAnUnconnectedUdpSocket() throws Exception {
        inNamespace(() -> {
            udpOwners();
            return null;
        });
    }

    @Test
    void findsTheOwnerOfATcpClientAndNothingForAClosedSocket() throws Exception {
        inNamespace(() -> {
            tcpOwner();
            return null;
        });
    }

    private static void udpOwners() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel unconnected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) server.getLocalAddress()),
                        ProcFs.system(), 2)) {
            connected.connect(server.getLocalAddress());
            for (DatagramChannel client : List.of(connected, unconnected)) {
                InetSocketAddress address = (InetSocketAddress) client.getLocalAddress();
                assertThat(a.lookupWithoutWaiting(Transport.UDP, address))
                        .as("a socket never seen needs the full lookup (a procfs scan)").isNull();
                Optional<ProcessLineage> l = a.lookup(Transport.UDP, address);
                assertThat(a.lookupWithoutWaiting(Transport.UDP, address))
                        .as("once seen, the same answer without waiting").isEqualTo(l);
                assertThat(l).as("owner of " + client.getLocalAddress()).isPresent();
                assertThat(l.get().self().pid()).isEqualTo(self);
                assertThat(l.get().toProcessInfo().exe()).endsWith("/java");
            }
            // a second lookup is served by the inode cache and must give the same answer
            assertThat(a.lookup(Transport.UDP, (InetSocketAddress) connected.getLocalAddress()).orElseThrow().self().pid())
                    .isEqualTo(self);
        }
    }

    private static void tcpOwner() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LO, 0))) {
            InetSocketAddress server = (InetSocketAddress) listener.getLocalAddress();
            InetSocketAddress clientAddress;
            try (SockDiagAttributor a = new SockDiagAttributor(List.of(server), ProcFs.system(), 1)) {
                try (SocketChannel client = SocketChannel.open(server); SocketChannel accepted = listener.accept()) {
                    clientAddress = (InetSocketAddress) client.getLocalAddress();
                    assertThat(accepted).isNotNull();
                    assertThat(a.lookup(Transport.TCP, clientAddress)).hasValueSatisfying(
                            l -> assertThat(l.self().pid()).isEqualTo((int) ProcessHandle.current().pid()));
                }
                assertThat(a.lookup(Transport.UDP, clientAddress)).as("wrong transport").isEmpty();
                assertThat(a.lookupWithoutWaiting(Transport.TCP, clientAddress))
                        .as("a closed socket: nothing, and no need for the full lookup").isEmpty();
            }
        }
    }
}
