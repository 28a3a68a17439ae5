package dev.runwall.linux.nflog;

import static dev.runwall.linux.testing.VethPair.PEER_V4;
import static dev.runwall.linux.testing.VethPair.PEER_V6;
import static dev.runwall.linux.testing.VethPair.RUNNER_V4;
import static dev.runwall.linux.testing.VethPair.RUNNER_V6;
import static dev.runwall.linux.testing.VethPair.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netns.NamespaceThread;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.testing.Privileges;
import dev.runwall.linux.testing.VethPair;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** nftables {@code log group} rules in a runner namespace, read back through NflogReader. */
@SuppressWarnings("try") // readers are closed inside their try to check that run() returns
class NflogReaderIT {
    private static final int GROUP = 7;
    private static final String RULES = """
            add table inet rwlog
            add chain inet rwlog out { type filter hook output priority 0; policy accept; }
            add rule inet rwlog out ip daddr %1$s meta l4proto { tcp, udp } log group %3$d prefix "rwl-out "
            add rule inet rwlog out ip6 daddr %2$s meta l4proto { tcp, udp } log group %3$d prefix "rwl-out "
            add rule inet rwlog out icmp type echo-request log group %3$d prefix "rwl-ping "
            add rule inet rwlog out icmpv6 type echo-request log group %3$d prefix "rwl-ping "
            """.formatted(PEER_V4, PEER_V6, GROUP);

    private VethPair net;
    private final List<NflogPacket> packets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Privileges.requireRoot();
        net = VethPair.create();
        try (Nft nft = Nft.openIn(net.runner().path())) {
            nft.run(RULES);
        }
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    @Test
    void tcpUdpAndIcmpOverBothIpVersionsBecomeRecords() throws Exception {
        try (NflogReader reader = NflogReader.openIn(net.runner().path(), GROUP, NflogOptions.DEFAULTS);
             NamespaceThread runner = NamespaceThread.enter(net.runner().path())) {
            Thread thread = start(reader);
            int tcpPort4 = runner.call(() -> connectRefused(PEER_V4, 8080));
            int tcpPort6 = runner.call(() -> connectRefused(PEER_V6, 8081));
            int udpPort4 = runner.call(() -> sendUdp(PEER_V4, 5353, 1));
            int udpPort6 = runner.call(() -> sendUdp(PEER_V6, 53, 1));
            net.runner().exec("ping", "-c", "1", "-W", "2", PEER_V4);
            net.runner().exec("ping", "-c", "1", "-W", "2", PEER_V6);
            net.runner().exec("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                    "bash", "-c", "echo x > /dev/udp/" + PEER_V4 + "/6000");

            NflogPacket tcp4 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Tcp t
                    && t.destinationPort() == 8080 && t.isConnectionAttempt());
            assertThat(tcp4.prefix()).isEqualTo("rwl-out ");
            assertThat(tcp4.group()).isEqualTo(GROUP);
            assertThat(tcp4.hook()).isEqualTo(Hook.OUTPUT);
            assertThat(tcp4.ip().orElseThrow().version()).isEqualTo(4);
            assertThat(tcp4.ip().orElseThrow().source()).isEqualTo(address(RUNNER_V4));
            assertThat(tcp4.ip().orElseThrow().destination()).isEqualTo(address(PEER_V4));
            assertThat(((Transport.Tcp) tcp4.ip().orElseThrow().transport()).sourcePort()).isEqualTo(tcpPort4);
            assertThat(tcp4.uid()).hasValue(0);
            assertThat(tcp4.gid()).hasValue(0);
            assertThat(tcp4.interfaces().out()).hasValue(net.runnerIfindex());
            assertThat(tcp4.sequence()).isPresent();

            NflogPacket tcp6 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Tcp t
                    && t.destinationPort() == 8081);
            assertThat(tcp6.ip().orElseThrow().version()).isEqualTo(6);
            assertThat(tcp6.ip().orElseThrow().source()).isEqualTo(address(RUNNER_V6));
            assertThat(tcp6.ip().orElseThrow().destination()).isEqualTo(address(PEER_V6));
            assertThat(((Transport.Tcp) tcp6.ip().orElseThrow().transport()).sourcePort()).isEqualTo(tcpPort6);

            NflogPacket udp4 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Udp u
                    && u.destinationPort() == 5353);
            assertThat(udp4.ip().orElseThrow().transport()).isEqualTo(new Transport.Udp(udpPort4, 5353));
            NflogPacket udp6 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Udp u
                    && u.destinationPort() == 53);
            assertThat(udp6.ip().orElseThrow().transport()).isEqualTo(new Transport.Udp(udpPort6, 53));
            assertThat(udp6.ip().orElseThrow().version()).isEqualTo(6);

            NflogPacket ping4 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Icmp i && !i.v6());
            assertThat(ping4.prefix()).isEqualTo("rwl-ping ");
            assertThat(ping4.ip().orElseThrow().transport()).isEqualTo(new Transport.Icmp(false, 8, 0));
            NflogPacket ping6 = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Icmp i && i.v6());
            assertThat(ping6.ip().orElseThrow().transport()).isEqualTo(new Transport.Icmp(true, 128, 0));
            assertThat(ping6.ip().orElseThrow().destination()).isEqualTo(address(PEER_V6));

            NflogPacket nobody = await(p -> p.ip().orElseThrow().transport() instanceof Transport.Udp u
                    && u.destinationPort() == 6000);
            assertThat(nobody.uid()).hasValue(65534);
            assertThat(nobody.gid()).hasValue(65534);

            assertThat(reader.lostMessages()).isZero();
            assertThat(reader.malformedMessages()).isZero();
            reader.close();
            thread.join(5000);
            assertThat(thread.isAlive()).as("run() returns after close()").isFalse();
        }
    }

    @Test
    void aSecondReaderOfTheSameGroupIsRefusedWithAClearMessage() throws Exception {
        try (NflogReader first = NflogReader.openIn(net.runner().path(), GROUP, NflogOptions.DEFAULTS)) {
            assertThat(first.group()).isEqualTo(GROUP);
            assertThatThrownBy(() -> NflogReader.openIn(net.runner().path(), GROUP, NflogOptions.DEFAULTS))
                    .isInstanceOf(ErrnoException.class)
                    .hasMessageContaining("another process")
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.EPERM));
        }
        // released on close: binding again works
        NflogReader.openIn(net.runner().path(), GROUP, NflogOptions.DEFAULTS).close();
    }

    @Test
    void messagesDroppedByAFullBufferAreCountedExactly() throws Exception {
        NflogOptions tiny = new NflogOptions(256, 4096, 1, 1);
        try (NflogReader reader = NflogReader.openIn(net.runner().path(), GROUP, tiny);
             NamespaceThread runner = NamespaceThread.enter(net.runner().path())) {
            int flood = 2000;
            runner.call(() -> sendUdp(PEER_V4, 7000, flood)); // nobody reads yet: the buffer overflows
            Thread thread = start(reader);
            awaitQuiet();
            runner.call(() -> sendUdp(PEER_V4, 7001, 1)); // its sequence number reveals the gap
            await(p -> p.ip().orElseThrow().transport() instanceof Transport.Udp u && u.destinationPort() == 7001);
            System.out.printf("NFLOG overflow: %d sent, %d received, %d counted lost%n", flood + 1,
                    reader.receivedPackets(), reader.lostMessages());
            assertThat(reader.lostMessages()).isPositive();
            assertThat(reader.receivedPackets() + reader.lostMessages()).isEqualTo(flood + 1);
            reader.close();
            thread.join(5000);
        }
    }

    @Test
    void throughputOfABurst() throws Exception {
        NflogOptions batched = new NflogOptions(256, 32 << 20, 64, 1);
        try (NflogReader reader = NflogReader.openIn(net.runner().path(), GROUP, batched);
             NamespaceThread runner = NamespaceThread.enter(net.runner().path())) {
            Thread thread = start(reader);
            int burst = 20_000;
            long start = System.nanoTime();
            runner.call(() -> sendUdp(PEER_V4, 7100, burst));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (reader.receivedPackets() + reader.lostMessages() < burst && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("NFLOG throughput: %d packets logged in %.3f s = %.0f packets/s received, %d lost%n",
                    reader.receivedPackets(), seconds, reader.receivedPackets() / seconds, reader.lostMessages());
            assertThat(reader.receivedPackets() + reader.lostMessages()).isEqualTo(burst);
            reader.close();
            thread.join(5000);
        }
    }

    private Thread start(NflogReader reader) {
        return Thread.ofPlatform().name("nflog-reader").start(() -> {
            try {
                reader.run(packets::add);
            } catch (ErrnoException e) {
                throw new AssertionError(e);
            }
        });
    }

    private NflogPacket await(Predicate<NflogPacket> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (NflogPacket packet : packets) {
                if (packet.ip().isPresent() && wanted.test(packet)) {
                    return packet;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching NFLOG record within 10 s; got " + packets);
    }

    private void awaitQuiet() throws InterruptedException {
        int last = -1;
        while (packets.size() != last) {
            last = packets.size();
            Thread.sleep(200);
        }
    }

    /** Connects to a port nobody listens on (the peer answers RST); returns the local port used. */
    private static int connectRefused(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(0));
            int local = socket.getLocalPort();
            try {
                socket.connect(new InetSocketAddress(host, port), 2000);
                throw new AssertionError("nothing listens on " + host + ":" + port + ", yet the connect succeeded");
            } catch (ConnectException expected) {
                return local;
            }
        }
    }

    private static int sendUdp(String host, int port, int count) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            DatagramPacket packet = new DatagramPacket(new byte[] {1, 2, 3}, 3, new InetSocketAddress(host, port));
            for (int i = 0; i < count; i++) {
                socket.send(packet);
            }
            return socket.getLocalPort();
        }
    }
}
