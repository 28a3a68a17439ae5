package dev.runwall.linux.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.testing.Privileges;
import dev.runwall.linux.testing.TestNamespace;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkNamespacesIT {
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
    void onlyTheDedicatedThreadMovesIntoTheNamespace() throws Exception {
        String callerBefore = NetworkNamespaces.identity(NetworkNamespaces.ofCurrentThread());
        String target = NetworkNamespaces.identity(namespace.path());
        assertThat(target).isNotEqualTo(callerBefore);

        String seenInside = NetworkNamespaces.runOnThreadIn(namespace.path(),
                () -> NetworkNamespaces.identity(NetworkNamespaces.ofCurrentThread()));
        assertThat(seenInside).isEqualTo(target);
        assertThat(NetworkNamespaces.runOnThreadIn(namespace.path(), NetworkNamespaces::inInitialNamespace)).isFalse();
        assertThat(NetworkNamespaces.identity(NetworkNamespaces.ofCurrentThread())).isEqualTo(callerBefore);
    }

    @Test
    void theInitialNamespaceCanBeEnteredFromInsideAnother() throws Exception {
        String initial = NetworkNamespaces.identity(NetworkNamespaces.initial());
        String reached = NetworkNamespaces.runOnThreadIn(namespace.path(), () ->
                NetworkNamespaces.runOnThreadIn(NetworkNamespaces.initial(),
                        () -> NetworkNamespaces.identity(NetworkNamespaces.ofCurrentThread())));
        assertThat(reached).isEqualTo(initial);
    }

    @Test
    void aSocketOpenedThereStaysThereWhateverThreadUsesIt() throws Exception {
        namespace.exec("ip", "link", "add", "rwl-probe0", "type", "veth", "peer", "name", "rwl-probe1");
        try (NetlinkSocket socket = NetworkNamespaces.openSocketIn(namespace.path(), NetlinkProtocol.ROUTE)) {
            // the ifindex of a link that exists only in the test namespace, asked from the caller's thread
            int ifindex = Integer.parseInt(namespace.exec("cat", "/sys/class/net/rwl-probe0/ifindex").trim());
            var request = new dev.runwall.linux.netlink.NetlinkMessageBuilder(18,
                    dev.runwall.linux.netlink.NetlinkMessage.F_REQUEST | dev.runwall.linux.netlink.NetlinkMessage.F_ACK)
                    .putU8(0).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0);
            var replies = new dev.runwall.linux.netlink.NetlinkExchange(socket, java.time.Duration.ofSeconds(5))
                    .request(request, r -> !r.isEmpty());
            assertThat(replies).hasSize(1);
        }
    }

    @Test
    void theTasksCheckedExceptionReachesTheCallerUnchanged() {
        assertThatThrownBy(() -> NetworkNamespaces.runOnThreadIn(namespace.path(), () -> {
            throw new IOException("from inside");
        })).isExactlyInstanceOf(IOException.class).hasMessage("from inside");
    }

    @Test
    void aMissingNamespaceFileIsAClearError() {
        Path missing = Path.of("/run/netns/rwl-does-not-exist");
        assertThatThrownBy(() -> NetworkNamespaces.runOnThreadIn(missing, () -> 1))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENOENT));
    }

    @Test
    void aFileThatIsNoNamespaceIsRefused() {
        assertThatThrownBy(() -> NetworkNamespaces.runOnThreadIn(Path.of("/proc/self/status"), () -> 1))
                .isInstanceOf(ErrnoException.class).hasMessageContaining("setns")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.EINVAL));
    }

    @Test
    void aClosedNamespaceThreadRefusesWork() throws Exception {
        NamespaceThread thread = NamespaceThread.enter(namespace.path());
        assertThat(thread.call(() -> 42)).isEqualTo(42);
        thread.close();
        assertThatThrownBy(() -> thread.call(() -> 1)).isInstanceOf(IllegalStateException.class);
    }
}
