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
import java.util.Set;
import java.util.HashSet;
import java.util.ArrayList;
import java.net.StandardProtocolFamily;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.runwall.linux.sockdiag.SocketInfo;
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
    void aBatchOfClientsIsAnsweredFromOneDumpAsExactLookupsWouldAnswerIt() throws Exception {
        inNamespace(() -> {
            batchOfClients();
            return null;
        });
    }

    /**
     * Two listen addresses of one family (the proxy also listens on container bridges): a client connected to
     * the second, an unconnected one and one connected to the first are found in one batch, and the next batch
     * asks each the way that found it, in one round.
     */
    @Test
    void clientsOfSeveralListenAddressesAreFoundAndThenAskedInOneRound() throws Exception {
        inNamespace(() -> {
            InetAddress second = InetAddress.getByName("127.0.0.2");
            try (DatagramChannel first = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LO, 0));
                    DatagramChannel other = DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(second, 0));
                    DatagramChannel toSecond = DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(LO, 0)).connect(other.getLocalAddress());
                    DatagramChannel unconnected = DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(LO, 0));
                    DatagramChannel toFirst = DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(LO, 0)).connect(first.getLocalAddress());
                    SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) first.getLocalAddress(),
                            (InetSocketAddress) other.getLocalAddress()), ProcFs.system(), 1)) {
                List<InetSocketAddress> clients = List.of((InetSocketAddress) toSecond.getLocalAddress(),
                        (InetSocketAddress) unconnected.getLocalAddress(), (InetSocketAddress) toFirst.getLocalAddress());
                List<Optional<SocketInfo>> found = a.batches().lookUp(clients);
                assertThat(found).as("every client found").allSatisfy(f -> assertThat(f).isPresent());
                assertThat(found).extracting(f -> f.get().local()).containsExactlyElementsOf(clients);
                long rounds = a.udpRounds();
                assertThat(a.batches().lookUp(clients)).as("found again").isEqualTo(found);
                assertThat(a.udpRounds() - rounds).as("each asked the way that found it: one round").isEqualTo(1);
            }
            return null;
        });
    }

    @Test
    void afterCloseALookupEndsAtOnceWithNothingSoNoAnswerIsHeldForEver() throws Exception {
        inNamespace(() -> {
            try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                    DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(LO, 0))) {
                SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) server.getLocalAddress()),
                        ProcFs.system(), 1);
                InetSocketAddress address = (InetSocketAddress) client.getLocalAddress();
                CompletableFuture<Optional<ProcessLineage>> first = a.lookupAsync(Transport.UDP, address, new SlowLookups());
                a.runDeferred();
                assertThat(await(first)).isPresent();
                CompletableFuture<Optional<ProcessLineage>> queued = a.lookupAsync(Transport.UDP, address, new SlowLookups());
                a.close();
                assertThat(queued).as("queued before close, never run: ended by close").isDone();
                assertThat(queued.get()).isEmpty();
                CompletableFuture<Optional<ProcessLineage>> late = a.lookupAsync(Transport.UDP, address, new SlowLookups());
                assertThat(late).as("completed when asked, not queued for a batch that never runs").isDone();
                assertThat(late.get()).isEmpty();
            }
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

    /** Counts the slow lookups (procfs scans) handed to it; runs them on a virtual thread. */
    private static final class SlowLookups implements Executor {
        final AtomicInteger used = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            used.incrementAndGet();
            Thread.ofVirtual().start(task);
        }
    }

    private static Optional<ProcessLineage> await(CompletableFuture<Optional<ProcessLineage>> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void udpOwners() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        SlowLookups slow = new SlowLookups();
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                DatagramChannel unconnected = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
                SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) server.getLocalAddress()),
                        ProcFs.system(), 2)) {
            connected.connect(server.getLocalAddress());
            for (DatagramChannel client : List.of(connected, unconnected)) {
                InetSocketAddress address = (InetSocketAddress) client.getLocalAddress();
                int scans = slow.used.get();
                CompletableFuture<Optional<ProcessLineage>> asked = a.lookupAsync(Transport.UDP, address, slow);
                assertThat(asked).as("put off until the caller runs the batch").isNotDone();
                a.runDeferred();
                Optional<ProcessLineage> l = await(asked);
                assertThat(slow.used.get()).as("a socket never seen needs a procfs scan").isEqualTo(scans + 1);
                assertThat(l).as("owner of " + client.getLocalAddress()).isPresent();
                assertThat(l.get().self().pid()).isEqualTo(self);
                assertThat(l.get().toProcessInfo().exe()).endsWith("/java");
                CompletableFuture<Optional<ProcessLineage>> again = a.lookupAsync(Transport.UDP, address, slow);
                a.runDeferred();
                assertThat(again).as("once seen, complete when the batch has run: no other thread involved").isDone();
                assertThat(await(again)).as("once seen, the same answer").isEqualTo(l);
                assertThat(slow.used.get()).as("once seen, no scan").isEqualTo(scans + 1);
                assertThat(a.lookup(Transport.UDP, address)).as("the blocking lookup agrees").isEqualTo(l);
            }
        }
    }

    private static void batchOfClients() throws Exception {
        InetAddress lo6 = InetAddress.getByName("::1");
        List<DatagramChannel> open = new ArrayList<>();
        try (DatagramChannel server = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LO, 0));
                DatagramChannel server6 = DatagramChannel.open(StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress(lo6, 0));
                DatagramChannel stranger = DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(LO, 0));
                SockDiagAttributor a = new SockDiagAttributor(List.of((InetSocketAddress) server.getLocalAddress(),
                        (InetSocketAddress) server6.getLocalAddress()), ProcFs.system(), 1)) {
            List<InetSocketAddress> clients = new ArrayList<>(); // as the proxy sees each client
            for (int i = 0; i < 3; i++) { // IPv4 connected, IPv4 unconnected
                open.add(DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LO, 0))
                        .connect(server.getLocalAddress()));
                open.add(DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LO, 0)));
            }
            for (int i = 0; i < 2; i++) { // dual stack: IPv4 from an IPv6 socket, connected and bound to any
                open.add(DatagramChannel.open(StandardProtocolFamily.INET6).connect(server.getLocalAddress()));
                open.add(DatagramChannel.open(StandardProtocolFamily.INET6).bind(new InetSocketAddress(0)));
            }
            for (DatagramChannel c : open) {
                clients.add(new InetSocketAddress(LO, ((InetSocketAddress) c.getLocalAddress()).getPort()));
            }
            for (int i = 0; i < 2; i++) { // IPv6
                DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6).bind(new InetSocketAddress(lo6, 0))
                        .connect(server6.getLocalAddress());
                open.add(c);
                clients.add((InetSocketAddress) c.getLocalAddress());
            }
            Set<Long> inodes = new HashSet<>();
            // a connected socket's peer that is not the proxy: not a DNS client of ours
            stranger.connect(new InetSocketAddress(LO, 9));
            InetSocketAddress strangerAddress = (InetSocketAddress) stranger.getLocalAddress();
            clients.add(strangerAddress);
            // a closed socket: gone
            DatagramChannel closed = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LO, 0));
            clients.add((InetSocketAddress) closed.getLocalAddress());
            closed.close();

            List<Optional<SocketInfo>> dumped = a.batches().lookUp(clients);
            assertThat(a.batches().dumps()).as("a batch this large is answered from a dump").isEqualTo(1);

            for (int i = 0; i < open.size(); i++) {
                assertThat(dumped.get(i)).as("the socket of " + clients.get(i) + " (" + open.get(i) + ")").isPresent();
                inodes.add(dumped.get(i).get().inode());
                assertThat(a.batches().lookUp(List.of(clients.get(i)))).as("exact lookup of " + clients.get(i))
                        .singleElement().isEqualTo(dumped.get(i));
            }
            assertThat(inodes).as("every client its own socket").hasSize(open.size());
            assertThat(dumped.get(open.size())).as("connected elsewhere").isEmpty();
            assertThat(dumped.get(open.size() + 1)).as("closed").isEmpty();
            assertThat(a.batches().dumps()).as("small batches use exact lookups").isEqualTo(1);

            // the same sockets by exact lookups sent together (every kind: connected, unconnected, dual stack, IPv6)
            long exactBefore = a.batches().exactLookups();
            assertThat(a.batches().lookUp(clients.subList(0, UdpSocketBatches.EXACT_UP_TO)))
                    .as("exact lookups sent together find what the dump found")
                    .containsExactlyElementsOf(dumped.subList(0, UdpSocketBatches.EXACT_UP_TO));
            assertThat(a.batches().dumps()).as("a batch of %d clients needs no dump", UdpSocketBatches.EXACT_UP_TO)
                    .isEqualTo(1);
            assertThat(a.batches().exactLookups() - exactBefore).isEqualTo(UdpSocketBatches.EXACT_UP_TO);
            // in one request with a socket connected elsewhere and a closed one: each answered on its own
            assertThat(a.batches().lookUp(List.of(clients.get(0), clients.get(open.size() + 1), clients.get(1),
                    clients.get(open.size())))).as("found, closed, found, connected elsewhere")
                    .containsExactly(dumped.get(0), Optional.empty(), dumped.get(1), Optional.empty());

            // and all of them through the asynchronous lookup at once: one batch, one dump
            List<CompletableFuture<Optional<ProcessLineage>>> pending = new ArrayList<>();
            for (InetSocketAddress c : clients) {
                pending.add(a.lookupAsync(Transport.UDP, c, new SlowLookups()));
            }
            a.runDeferred();
            assertThat(a.batches().dumps()).as("the queued lookups ran as one batch from a dump").isEqualTo(2);
            for (CompletableFuture<Optional<ProcessLineage>> p : pending.subList(0, open.size())) {
                assertThat(await(p)).hasValueSatisfying(l -> assertThat(l.self().pid())
                        .isEqualTo((int) ProcessHandle.current().pid()));
            }
            assertThat(await(pending.get(open.size()))).as("connected elsewhere").isEmpty();
            assertThat(await(pending.get(open.size() + 1))).as("closed").isEmpty();

            // many questions from few clients (a resolver's A and AAAA from one socket): one lookup per client
            List<InetSocketAddress> repeated = new ArrayList<>();
            for (int i = 0; i < UdpSocketBatches.EXACT_UP_TO + 2; i++) {
                repeated.add(clients.get(i % 2));
            }
            exactBefore = a.batches().exactLookups();
            List<Optional<SocketInfo>> answers = a.batches().lookUp(repeated);
            assertThat(a.batches().dumps()).as("%d queries from 2 clients need no dump", repeated.size()).isEqualTo(2);
            assertThat(a.batches().exactLookups() - exactBefore).as("one exact lookup per client").isEqualTo(2);
            for (int i = 0; i < repeated.size(); i++) {
                assertThat(answers.get(i)).as("query %d from %s", i, repeated.get(i)).isEqualTo(dumped.get(i % 2));
            }
        } finally {
            for (DatagramChannel c : open) {
                c.close();
            }
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
                assertThat(await(a.lookupAsync(Transport.TCP, clientAddress, new SlowLookups())))
                        .as("a closed socket: nothing").isEmpty();
            }
        }
    }
}
