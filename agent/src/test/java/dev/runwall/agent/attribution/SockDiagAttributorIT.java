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
 * Finds this JVM as the owner of its own sockets through sock_diag. Opening and connecting sockets on
 * loopback sends nothing over any network (UDP connect sends no packet; TCP stays on lo).
 */
class SockDiagAttributorIT {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void findsTheOwnerOfAConnectedAndAnUnconnectedUdpSocket() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel unconnected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) server.getLocalAddress()),
                        ProcFs.system(), 2)) {
            connected.connect(server.getLocalAddress());
            for (DatagramChannel client : List.of(connected, unconnected)) {
                Optional<ProcessLineage> l = a.lookup(Transport.UDP, (InetSocketAddress) client.getLocalAddress());
                assertThat(l).as("owner of " + client.getLocalAddress()).isPresent();
                assertThat(l.get().self().pid()).isEqualTo(self);
                assertThat(l.get().toProcessInfo().exe()).endsWith("/java");
            }
            // a second lookup is served by the inode cache and must give the same answer
            assertThat(a.lookup(Transport.UDP, (InetSocketAddress) connected.getLocalAddress()).orElseThrow().self().pid())
                    .isEqualTo(self);
        }
    }

    @Test
    void findsTheOwnerOfATcpClientAndNothingForAClosedSocket() throws Exception {
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
            }
        }
    }
}
