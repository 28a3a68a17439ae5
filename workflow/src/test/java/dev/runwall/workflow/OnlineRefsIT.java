package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online resolution against a git smart-HTTP server started by the test on 127.0.0.1 (no live network). */
/** Binds test servers on loopback: runs in a network namespace of its own (bin/netns-jvm/bin/java). */
class OnlineRefsIT {
    @org.junit.jupiter.api.BeforeAll
    static void insideTheTestNamespace() {
        dev.runwall.sandbox.SandboxTestKit.requireTestNetworkNamespace();
    }

    @TempDir Path tmp;
    GitSmartHttpServer server;
    RevCommit c1;
    RevCommit c2;
    RevCommit c3;

    @BeforeEach
    void start() throws Exception {
        server = new GitSmartHttpServer(tmp.resolve("repos"), "/ghe");
        GitSmartHttpServer.FakeRepo repo = server.create("acme/setup-thing");
        c1 = repo.commit("one");
        repo.lightweightTag("v1.0.0", c1);
        repo.lightweightTag("v1", c1);
        c2 = repo.commit("two");
        RevTag annotated = repo.annotatedTag("v2.1.0", c2);
        repo.annotatedTag("v2", c2);
        repo.nestedTag("v2.1.0-signed", annotated);
        c3 = repo.commit("three");
        repo.branch("release", c2);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private GitHubEndpoint endpoint() {
        return new GitHubEndpoint(server.url(), URI_UNUSED, null);
    }

    private static final java.net.URI URI_UNUSED = java.net.URI.create("http://127.0.0.1:9/api/v3");

    @Test
    void listsLightweightAnnotatedAndNestedTagsPeeledToCommits() throws Exception {
        RepoRefs refs = new OnlineRefs(endpoint(), tmp.resolve("cache"), Duration.ofHours(1), false).refs("acme/setup-thing");
        assertThat(refs.tags()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "v1", c1.name(), "v1.0.0", c1.name(),
                "v2", c2.name(), "v2.1.0", c2.name(), "v2.1.0-signed", c2.name()));
        assertThat(refs.branches()).containsEntry("main", c3.name()).containsEntry("release", c2.name());
        assertThat(refs.resolve("v2")).hasValueSatisfying(r -> {
            assertThat(r.sha()).isEqualTo(c2.name());
            assertThat(r.comment()).isEqualTo("v2.1.0");
        });
        assertThat(refs.resolve("release")).hasValueSatisfying(r -> assertThat(r.branch()).isTrue());
    }

    @Test
    void secondRunIsServedFromTheDiskCacheWithoutTheServer() throws Exception {
        Path cache = tmp.resolve("cache");
        new OnlineRefs(endpoint(), cache, Duration.ofHours(1), false).refs("acme/setup-thing");
        int before = server.requests();
        server.fault(GitSmartHttpServer.Fault.SERVER_ERROR);
        RepoRefs cached = new OnlineRefs(endpoint(), cache, Duration.ofHours(1), false).refs("acme/setup-thing");
        assertThat(cached.tags()).containsEntry("v2", c2.name());
        assertThat(server.requests()).isEqualTo(before);
        assertThatThrownBy(() -> new OnlineRefs(endpoint(), cache, Duration.ofHours(1), true).refs("acme/setup-thing"))
                .isInstanceOf(RefResolutionException.class).hasMessageContaining("500");
    }

    @Test
    void unknownRepositoryIsAClearError() {
        assertThatThrownBy(() -> new OnlineRefs(endpoint(), tmp.resolve("cache"), Duration.ofHours(1), false).refs("acme/nothing"))
                .isInstanceOf(RefResolutionException.class).hasMessageContaining("acme/nothing");
    }

    @Test
    void hardeningOnlinePinsToThePeeledCommitWithTheMostSpecificTag() throws Exception {
        OnlineRefs refs = new OnlineRefs(endpoint(), tmp.resolve("cache"), Duration.ofHours(1), false);
        WorkflowHardener hardener = new WorkflowHardener(new SecureOptions(true, false, false, AgentRef.DEFAULT, false), refs);
        HardeningResult r = hardener.harden("ci.yml", null,
                "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: acme/setup-thing@v2\n      - uses: acme/setup-thing@v1 # old\n");
        assertThat(r.updated()).isEqualTo("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
                + "      - uses: acme/setup-thing@" + c2.name() + " # v2.1.0\n"
                + "      - uses: acme/setup-thing@" + c1.name() + " # v1.0.0 # old\n");
    }
}
