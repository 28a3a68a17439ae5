package dev.runwall.dns.resolvconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsProxy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.testing.FakeUpstream;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.dns.testing.ProxyFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code /etc/resolv.conf} of the test namespace (a bind mount of /etc/netns/NS/resolv.conf made
 * by {@code ip netns exec}) is pointed at the proxy, used by the C library, and restored.
 */
class ResolvConfRedirectIT {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 53);

    @TempDir
    Path state;

    @BeforeAll
    static void insideTestNamespaceWithOwnResolvConf() throws IOException {
        SandboxTestKit.requireTestNetworkNamespace();
        if (!isMountPoint(RESOLV_CONF)) {
            fail("/etc/resolv.conf is not a bind mount in this JVM: refusing to touch what may be the host's file");
        }
    }

    private static boolean isMountPoint(Path path) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[4].equals(path.toString())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cLibraryResolvesThroughTheProxyWhileRedirectedAndTheFileIsRestoredInPlace() throws Exception {
        String original = Files.readString(RESOLV_CONF);
        ResolvConfRedirect redirect = new ResolvConfRedirect(ResolverPaths.system(), state);
        UpstreamDiscovery found = redirect.discover(List.of(LISTEN));
        assertThat(found.upstreams()).containsExactly(new InetSocketAddress(ProxyFixture.UPSTREAM_1, 53));

        try (FakeUpstream upstream = FakeUpstream.start(found.upstreams().getFirst(), ProxyFixture.zone());
                DnsProxy proxy = DnsProxy.start(DnsProxyConfig.defaults(found.upstreams()).withListen(List.of(LISTEN)),
                        EgressPolicy.of(EgressMode.BLOCK, "api.dnsit.test"), DnsProxyListener.NONE)) {
            redirect.redirect(List.of(LISTEN.getAddress()));
            String during = Files.readString(RESOLV_CONF);

            InetAddress allowed = InetAddress.getByName("api.dnsit.test");
            assertThatThrownBy(() -> InetAddress.getByName("exfil.attacker.test"))
                    .isInstanceOf(UnknownHostException.class);

            assertThat(during).contains("nameserver 127.0.0.1").contains("search dnsit.test")
                    .contains("options edns0 ndots:1").doesNotContain("198.18.53.1");
            assertThat(isMountPoint(RESOLV_CONF)).as("rewritten in place: the bind mount is still there").isTrue();
            assertThat(allowed.getHostAddress()).isIn("198.18.1.10", "fd52:7761:6c6c:0:0:0:0:10");
            assertThat(proxy.counters().blocked()).isPositive();
            assertThat(upstream.received()).noneMatch(r -> r.name().contains("attacker"));
        } finally {
            RestoreResult restored = ResolvConfRedirect.restoreFromState(state); // as the supervisor would
            assertThat(restored.restored()).isTrue();
        }
        assertThat(Files.readString(RESOLV_CONF)).isEqualTo(original);
        assertThat(isMountPoint(RESOLV_CONF)).isTrue();
    }
}
