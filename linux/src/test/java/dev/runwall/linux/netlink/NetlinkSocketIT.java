package dev.runwall.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netns.NetworkNamespaces;
import dev.runwall.linux.testing.Privileges;
import dev.runwall.linux.testing.TestNamespace;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FFM socket against the real kernel, with NETLINK_ROUTE in a namespace of the test's own. */
class NetlinkSocketIT {
    private static final int RTM_GETLINK = 18;
    private static final int IFLA_IFNAME = 3;
    private static final int RTNLGRP_IPV4_IFADDR = 5;
    private static final int IFA_ADDRESS = 1;

    private TestNamespace namespace;

    @BeforeEach
    void setUp() {
        Privileges.requireRoot();
        namespace = TestNamespace.create();
    }

    @AfterEach
    void tearDown() {
        namespace.close();
    }

    @Test
    void dumpOfLinksInAFreshNamespaceShowsOnlyLoopback() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            assertThat(socket.portId()).isNotZero();
            List<NetlinkMessage> links = new NetlinkExchange(socket, Duration.ofSeconds(5)).dump(getLinks(0));
            List<String> names = new ArrayList<>();
            for (NetlinkMessage link : links) {
                WireReader payload = link.payloadReader();
                payload.skip(16); // struct ifinfomsg
                names.add(NetlinkAttributes.parse(payload).require(IFLA_IFNAME, "ifname").string());
            }
            assertThat(names).containsExactly("lo");
        }
    }

    @Test
    void kernelRefusalBecomesErrnoException() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            NetlinkMessageBuilder request = new NetlinkMessageBuilder(RTM_GETLINK,
                    NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK).putU8(0).putU8(0).putU16(0).putU32(99999)
                    .putU32(0).putU32(0);
            assertThatThrownBy(() -> new NetlinkExchange(socket, Duration.ofSeconds(5)).request(request, r -> true))
                    .isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(19)); // ENODEV
        }
    }

    @Test
    void receiveTimesOutWhenNothingArrives() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            assertThat(socket.receive(Duration.ofMillis(50))).isInstanceOf(ReceiveResult.TimedOut.class);
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceiver() throws Exception {
        NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE);
        CompletableFuture<ReceiveResult> result = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                result.complete(socket.receive(null));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        Thread.sleep(200); // let the reader block in poll
        assertThat(result).isNotDone();
        socket.close();
        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOf(ReceiveResult.Closed.class);
        reader.join(5000);
        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(() -> socket.send(getLinks(NetlinkMessage.F_DUMP).build(1))).isInstanceOf(ErrnoException.class);
    }

    @Test
    void multicastOverflowIsCountedAsOverrunNotThrown() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            socket.joinGroup(RTNLGRP_IPV4_IFADDR);
            socket.setReceiveBufferSize(1); // the kernel rounds up to its minimum (a few KiB)
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                batch.append("address add 198.18.").append(i / 250).append('.').append(i % 250 + 1).append("/32 dev lo\n");
            }
            var file = Files.createTempFile("rwl-addr", ".batch");
            Files.writeString(file, batch);
            namespace.exec("ip", "-batch", file.toString());
            Files.delete(file);

            int datagrams = 0;
            int overruns = 0;
            while (true) {
                ReceiveResult result = socket.receive(Duration.ofMillis(300));
                if (result instanceof ReceiveResult.Datagram) {
                    datagrams++;
                } else if (result instanceof ReceiveResult.Overrun) {
                    overruns++;
                } else {
                    break;
                }
            }
            System.out.printf("multicast flood: %d datagrams received, %d overruns reported%n", datagrams, overruns);
            assertThat(overruns).isPositive();
            assertThat(socket.overruns()).isEqualTo(overruns);
            assertThat(datagrams).isPositive().isLessThan(400);
        }
    }

    @Test
    void aBatchTakesEveryQueuedDatagramInOrder() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            socket.joinGroup(RTNLGRP_IPV4_IFADDR);
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= 70; i++) {
                batch.append("address add 198.18.7.").append(i).append("/32 dev lo\n");
            }
            var file = Files.createTempFile("rwl-addr", ".batch");
            Files.writeString(file, batch);
            namespace.exec("ip", "-batch", file.toString());
            Files.delete(file);

            List<Integer> sizes = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            while (true) {
                List<ReceiveResult> results = socket.receiveBatch(Duration.ofMillis(300));
                if (results.getFirst() instanceof ReceiveResult.TimedOut) {
                    assertThat(results).hasSize(1);
                    break;
                }
                sizes.add(results.size());
                for (ReceiveResult r : results) {
                    ReceiveResult.Datagram d = (ReceiveResult.Datagram) r;
                    assertThat(d.fromKernel()).isTrue();
                    for (NetlinkMessage m : d.messages()) {
                        WireReader payload = m.payloadReader();
                        payload.skip(8); // struct ifaddrmsg
                        byte[] a = NetlinkAttributes.parse(payload).require(IFA_ADDRESS, "address").value();
                        addresses.add((a[2] & 0xff) + "." + (a[3] & 0xff));
                    }
                }
            }
            // queued before the first call: 70 datagrams in batches of at most 32, none lost, kernel order
            assertThat(sizes).containsExactly(32, 32, 6);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 70; i++) {
                expected.add("7." + i);
            }
            assertThat(addresses).isEqualTo(expected);
            assertThat(socket.overruns()).isZero();
        }
    }

    @Test
    void closeFromAnotherThreadWakesABatchReceiver() throws Exception {
        NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE);
        CompletableFuture<List<ReceiveResult>> result = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                result.complete(socket.receiveBatch(null));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        Thread.sleep(200); // let the reader block in poll
        assertThat(result).isNotDone();
        socket.close();
        assertThat(result.get(5, TimeUnit.SECONDS)).singleElement().isInstanceOf(ReceiveResult.Closed.class);
        reader.join(5000);
    }

    @Test
    void receiveBufferCanBeForcedAboveTheSysctlLimit() throws Exception {
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            int rmemMax = Integer.parseInt(Files.readString(java.nio.file.Path.of("/proc/sys/net/core/rmem_max")).trim());
            int size = socket.setReceiveBufferSize(rmemMax * 2);
            assertThat(size).isGreaterThanOrEqualTo(rmemMax * 2); // the kernel reports twice the request
        }
    }

    private static NetlinkMessageBuilder getLinks(int extraFlags) {
        return new NetlinkMessageBuilder(RTM_GETLINK, NetlinkMessage.F_REQUEST | NetlinkMessage.F_DUMP | extraFlags)
                .putU8(0).putU8(0).putU16(0).putU32(0).putU32(0).putU32(0);
    }
}
