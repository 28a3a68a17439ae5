package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image digests from a registry served on 127.0.0.1 by the test, with Docker Hub's token dance. */
/** Binds test servers on loopback: runs in a network namespace of its own (bin/netns-jvm/bin/java). */
class RegistryDigestsIT {
    @org.junit.jupiter.api.BeforeAll
    static void insideTheTestNamespace() {
        dev.runwall.sandbox.SandboxTestKit.requireTestNetworkNamespace();
    }

    static final String DIGEST = "sha256:" + "c0ffee".repeat(10) + "beef";
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (path.equals("/token")) {
            boolean right = ex.getRequestURI().getQuery().contains("scope=repository:library/alpine:pull");
            byte[] body = (right ? "{\"token\": \"anon-pull\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(right ? 200 : 400, body.length);
            ex.getResponseBody().write(body);
        } else if (path.equals("/v2/library/alpine/manifests/3.20")) {
            if (!"Bearer anon-pull".equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + server.getAddress().getPort()
                        + "/token\",service=\"registry.test\",scope=\"repository:library/alpine:pull\"");
                ex.sendResponseHeaders(401, -1);
            } else {
                ex.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                ex.sendResponseHeaders(200, -1);
            }
        } else {
            ex.sendResponseHeaders(404, -1);
        }
        ex.close();
    }

    private RegistryDigests registry() {
        return new RegistryDigests(HttpClient::newHttpClient, host -> "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void answersTheBearerChallengeAndReadsTheDigest() throws Exception {
        assertThat(registry().digest("alpine:3.20")).contains(DIGEST);
        assertThat(registry().digest("alpine:9.99")).isEmpty();
        assertThat(registry().digest("alpine:3.20@" + DIGEST)).isEmpty();
    }

    @Test
    void imageNamesGetDockerHubDefaults() {
        assertThat(RegistryDigests.ImageName.parse("alpine")).isEqualTo(new RegistryDigests.ImageName("docker.io", "library/alpine", "latest", null));
        assertThat(RegistryDigests.ImageName.parse("owner/img:1")).isEqualTo(new RegistryDigests.ImageName("docker.io", "owner/img", "1", null));
        assertThat(RegistryDigests.ImageName.parse("ghcr.io/o/i:v2").apiHost()).isEqualTo("ghcr.io");
        assertThat(RegistryDigests.ImageName.parse("localhost:5000/x").registry()).isEqualTo("localhost:5000");
        assertThat(RegistryDigests.ImageName.parse("docker.io/library/alpine").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(RegistryDigests.ImageName.parse("not an image")).isNull();
    }

    @Test
    void hardeningPinsDockerStepsToTheDigestAndKeepsTheTag() throws Exception {
        WorkflowHardener hardener = new WorkflowHardener(new SecureOptions(true, false, false, AgentRef.DEFAULT, false),
                OfflineRefs.load(Path.of("src/test/resources/dev/runwall/workflow/fixtures/refs.json")), RepositoryFiles.NONE, registry());
        HardeningResult r = hardener.harden("ci.yml", null,
                "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: docker://alpine:3.20 # tools\n      - uses: docker://alpine:0.0\n");
        assertThat(r.updated()).isEqualTo("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
                + "      - uses: docker://alpine:3.20@" + DIGEST + " # tools\n      - uses: docker://alpine:0.0\n");
        assertThat(r.findings()).extracting(Finding::fixed).containsExactly(true, false);
    }
}
