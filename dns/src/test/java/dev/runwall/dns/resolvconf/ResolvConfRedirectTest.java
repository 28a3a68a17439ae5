package dev.runwall.dns.resolvconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfRedirectTest {
    private static final List<InetSocketAddress> OWN = List.of(new InetSocketAddress("127.0.0.1", 53));
    private static final List<InetAddress> PROXY = List.of(InetAddress.ofLiteral("127.0.0.1"));
    private static final String ORIGINAL = "search corp.example\nnameserver 198.18.0.53\noptions edns0 ndots:2\n";

    @TempDir
    Path dir;

    private Path resolvConf() {
        return dir.resolve("etc/resolv.conf");
    }

    private Path resolvedUpstreams() {
        return dir.resolve("run/systemd/resolve/resolv.conf");
    }

    private Path state() {
        return dir.resolve("state");
    }

    private ResolvConfRedirect redirect() throws Exception {
        Files.createDirectories(resolvConf().getParent());
        return new ResolvConfRedirect(new ResolverPaths(resolvConf(), resolvedUpstreams()), state());
    }

    @Test
    void regularFileIsRewrittenInPlaceAndRestored() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), ORIGINAL);
        Object inode = Files.getAttribute(resolvConf(), "unix:ino");

        UpstreamDiscovery found = r.discover(OWN);
        r.redirect(PROXY);
        String during = Files.readString(resolvConf());
        Object inodeDuring = Files.getAttribute(resolvConf(), "unix:ino");
        RestoreResult restored = r.restore();

        assertThat(found.upstreams()).containsExactly(new InetSocketAddress("198.18.0.53", 53));
        assertThat(found.source()).isEqualTo(resolvConf());
        assertThat(during).contains("nameserver 127.0.0.1\n").doesNotContain("198.18.0.53")
                .contains("search corp.example\n").contains("options edns0 ndots:2\n");
        assertThat(inodeDuring).as("same inode: a bind mount stays in effect").isEqualTo(inode);
        assertThat(restored.restored()).isTrue();
        assertThat(restored.changedMeanwhile()).isFalse();
        assertThat(Files.readString(resolvConf())).isEqualTo(ORIGINAL);
        assertThat(Files.getAttribute(resolvConf(), "unix:ino")).isEqualTo(inode);
        assertThat(r.restore().restored()).as("a second restore has nothing to do").isFalse();
    }

    @Test
    void symlinkToResolvedStubUsesResolvedsUpstreamsAndIsPutBackAsTheSameLink() throws Exception {
        ResolvConfRedirect r = redirect();
        Path stub = dir.resolve("run/systemd/resolve/stub-resolv.conf");
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch ci.example\n");
        Files.writeString(resolvedUpstreams(), "nameserver 198.18.0.1\nnameserver fd52:7761:6c6c::1\nsearch ci.example\n");
        Files.createSymbolicLink(resolvConf(), Path.of("../run/systemd/resolve/stub-resolv.conf"));

        UpstreamDiscovery found = r.discover(OWN);
        r.redirect(PROXY);
        boolean linkDuring = Files.isSymbolicLink(resolvConf());
        String during = Files.readString(resolvConf());
        String stubDuring = Files.readString(stub);
        r.restore();

        assertThat(found.source()).isEqualTo(resolvedUpstreams());
        assertThat(found.upstreams()).containsExactly(new InetSocketAddress("198.18.0.1", 53),
                new InetSocketAddress("fd52:7761:6c6c::1", 53));
        assertThat(linkDuring).as("the link is replaced by a file of ours").isFalse();
        assertThat(during).contains("nameserver 127.0.0.1").contains("options edns0 trust-ad").doesNotContain("127.0.0.53");
        assertThat(stubDuring).as("resolved's own file is never touched").contains("127.0.0.53");
        assertThat(Files.isSymbolicLink(resolvConf())).isTrue();
        assertThat(Files.readSymbolicLink(resolvConf())).isEqualTo(Path.of("../run/systemd/resolve/stub-resolv.conf"));
    }

    @Test
    void leftoverOfACrashedRunIsRestoredBeforeDiscovery() throws Exception {
        ResolvConfRedirect crashed = redirect();
        Files.writeString(resolvConf(), ORIGINAL);
        crashed.discover(OWN);
        crashed.redirect(PROXY); // ... and the agent is killed here

        UpstreamDiscovery found = redirect().discover(OWN);

        assertThat(found.leftoverRestored()).isTrue();
        assertThat(found.upstreams()).containsExactly(new InetSocketAddress("198.18.0.53", 53));
        assertThat(Files.readString(resolvConf())).isEqualTo(ORIGINAL);
    }

    @Test
    void supervisorRestoresFromTheStateDirectoryAlone() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), ORIGINAL);
        r.redirect(PROXY);

        RestoreResult result = ResolvConfRedirect.restoreFromState(state());

        assertThat(result.restored()).isTrue();
        assertThat(result.path()).isEqualTo(resolvConf());
        assertThat(result.kind()).isEqualTo("file");
        assertThat(Files.readString(resolvConf())).isEqualTo(ORIGINAL);
        assertThat(ResolvConfRedirect.restoreFromState(dir.resolve("never-used")).restored()).isFalse();
    }

    @Test
    void missingFileIsRemovedAgainAtRestore() throws Exception {
        ResolvConfRedirect r = redirect();

        r.redirect(PROXY);
        boolean existed = Files.exists(resolvConf());
        r.restore();

        assertThat(existed).isTrue();
        assertThat(Files.exists(resolvConf())).isFalse();
    }

    @Test
    void changeByAnotherProgramIsReportedAndStillRestored() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), ORIGINAL);
        r.redirect(PROXY);
        Files.writeString(resolvConf(), "nameserver 198.18.7.7\n");

        RestoreResult result = r.restore();

        assertThat(result.changedMeanwhile()).isTrue();
        assertThat(Files.readString(resolvConf())).isEqualTo(ORIGINAL);
    }

    @Test
    void ownAddressIsNeverAnUpstream() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), "nameserver 127.0.0.1\nnameserver 198.18.0.53\n");

        UpstreamDiscovery found = r.discover(OWN);

        assertThat(found.upstreams()).containsExactly(new InetSocketAddress("198.18.0.53", 53));
        assertThat(found.warnings()).anyMatch(w -> w.contains("127.0.0.1 left out"));
    }

    @Test
    void noUsableUpstreamIsAnErrorThatSaysWhatToDo() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), "nameserver 127.0.0.1\n");

        assertThatThrownBy(() -> r.discover(OWN)).isInstanceOf(ResolverConfigException.class)
                .hasMessageContaining(resolvConf().toString())
                .hasMessageContaining("Add a 'nameserver <ip>' line");
    }

    @Test
    void resolvedStubWithoutResolvedsUpstreamFileIsAnError() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), "nameserver 127.0.0.53\n");

        assertThatThrownBy(() -> r.discover(OWN)).isInstanceOf(ResolverConfigException.class)
                .hasMessageContaining("systemd-resolved's stub");
    }

    @Test
    void secondRedirectWithoutRestoreIsRefused() throws Exception {
        ResolvConfRedirect r = redirect();
        Files.writeString(resolvConf(), ORIGINAL);
        r.redirect(PROXY);

        assertThatThrownBy(() -> r.redirect(PROXY)).isInstanceOf(IllegalStateException.class);
        r.restore();
        assertThat(Files.readString(resolvConf())).isEqualTo(ORIGINAL);
    }
}
