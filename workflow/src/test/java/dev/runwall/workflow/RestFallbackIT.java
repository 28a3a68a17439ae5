package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the git protocol fails, refs come from a recorded GitHub REST API (served on 127.0.0.1 by the
 * test): paginated matching-refs, annotated and nested tags peeled, rate limits reported clearly.
 */
/** Binds test servers on loopback: runs in a network namespace of its own (bin/netns-jvm/bin/java). */
class RestFallbackIT {
    @org.junit.jupiter.api.BeforeAll
    static void insideTheTestNamespace() {
        dev.runwall.sandbox.SandboxTestKit.requireTestNetworkNamespace();
    }

    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);
    static final String TAG_OBJ = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String NESTED_OBJ = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String TOKEN = "ghs_not-a-real-token-0123456789";

    @TempDir Path tmp;
    HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile boolean rateLimited;

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

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (!path.startsWith("/api/v3/")) {
            send(ex, 503, "git is blocked here", Map.of()); // the git protocol fails: fall back to REST
            return;
        }
        if (rateLimited) {
            send(ex, 403, "{\"message\": \"API rate limit exceeded\"}", Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "1893456000"));
            return;
        }
        String api = path.substring("/api/v3".length());
        switch (api) {
            case "/repos/acme/tool/git/matching-refs/tags" -> {
                if (!query.contains("page=2")) {
                    send(ex, 200, "[{\"ref\": \"refs/tags/v1.0.0\", \"object\": {\"type\": \"commit\", \"sha\": \"" + C1 + "\"}},"
                            + "{\"ref\": \"refs/tags/v1\", \"object\": {\"type\": \"commit\", \"sha\": \"" + C1 + "\"}}]",
                            Map.of("Link", "<" + base() + "/api/v3/repos/acme/tool/git/matching-refs/tags?per_page=100&page=2>; rel=\"next\""));
                } else {
                    send(ex, 200, "[{\"ref\": \"refs/tags/v2.0.0\", \"object\": {\"type\": \"tag\", \"sha\": \"" + TAG_OBJ + "\"}},"
                            + "{\"ref\": \"refs/tags/v2\", \"object\": {\"type\": \"tag\", \"sha\": \"" + NESTED_OBJ + "\"}}]", Map.of());
                }
            }
            case "/repos/acme/tool/git/matching-refs/heads" ->
                    send(ex, 200, "[{\"ref\": \"refs/heads/main\", \"object\": {\"type\": \"commit\", \"sha\": \"" + C2 + "\"}}]", Map.of());
            case "/repos/acme/tool/git/tags/" + TAG_OBJ ->
                    send(ex, 200, "{\"object\": {\"type\": \"commit\", \"sha\": \"" + C2 + "\"}}", Map.of());
            case "/repos/acme/tool/git/tags/" + NESTED_OBJ ->
                    send(ex, 200, "{\"object\": {\"type\": \"tag\", \"sha\": \"" + TAG_OBJ + "\"}}", Map.of());
            default -> send(ex, 404, "{\"message\": \"Not Found\"}", Map.of());
        }
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private OnlineRefs online(String token) {
        GitHubEndpoint endpoint = new GitHubEndpoint(URI.create(base()), URI.create(base() + "/api/v3"), token);
        return new OnlineRefs(endpoint, tmp.resolve("cache"), Duration.ofHours(1), false);
    }

    @Test
    void fallsBackToTheRestApiAcrossPagesAndPeelsAnnotatedAndNestedTags() throws Exception {
        RepoRefs refs = online(null).refs("acme/tool");
        assertThat(refs.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("v1.0.0", C1, "v1", C1, "v2.0.0", C2, "v2", C2));
        assertThat(refs.branches()).containsExactlyEntriesOf(Map.of("main", C2));
        assertThat(refs.resolve("v2")).hasValueSatisfying(r -> assertThat(r.comment()).isEqualTo("v2.0.0"));
    }

    @Test
    void sendsTheTokenToTheConfiguredServerAndNeverPrintsIt() throws Exception {
        online(TOKEN).refs("acme/tool");
        assertThat(authorizations).contains("Bearer " + TOKEN);
        rateLimited = true;
        assertThatThrownBy(() -> new OnlineRefs(new GitHubEndpoint(URI.create(base()), URI.create(base() + "/api/v3"), TOKEN),
                tmp.resolve("other-cache"), Duration.ofHours(1), false).refs("acme/tool"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void rateLimitsSayWhenTheyResetAndWhatToDo() {
        rateLimited = true;
        assertThatThrownBy(() -> online(null).refs("acme/tool"))
                .isInstanceOf(RefResolutionException.class)
                .hasMessageContaining("rate limit")
                .hasMessageContaining("2030-01-01T00:00:00Z")
                .hasMessageContaining("set GITHUB_TOKEN");
    }

    @Test
    void anUnknownRepositoryIsReportedWithBothAttempts() {
        assertThatThrownBy(() -> online(null).refs("acme/nothing"))
                .isInstanceOf(RefResolutionException.class)
                .hasMessageContaining("acme/nothing");
    }

    @Test
    void enterpriseApiUrlIsDerivedFromTheServer() {
        assertThat(GitHubEndpoint.apiFor(URI.create("https://ghe.example.com/"))).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(GitHubEndpoint.apiFor(URI.create("https://github.com"))).isEqualTo(URI.create("https://api.github.com"));
        GitHubEndpoint fromEnv = GitHubEndpoint.from(Map.of("GITHUB_SERVER_URL", "https://ghe.example.com",
                "GITHUB_API_URL", "https://ghe.example.com/api/v3", "GH_TOKEN", "x"), null, null);
        assertThat(fromEnv.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(fromEnv.token()).isEqualTo("x");
        assertThat(fromEnv.toString()).doesNotContain("x]").contains("token set");
    }
}
