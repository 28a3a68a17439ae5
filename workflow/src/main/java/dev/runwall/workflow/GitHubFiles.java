package dev.runwall.workflow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Files of other repositories through the REST contents API at a ref (a pinned SHA, a tag or a
 * branch): reusable workflows and {@code action.yml} files of actions missing from the knowledge base.
 */
public final class GitHubFiles implements RepositoryFiles {
    private static final int MAX_BYTES = 1 << 20;
    private final GitHubEndpoint endpoint;
    private final Supplier<HttpClient> http;

    public GitHubFiles(GitHubEndpoint endpoint) {
        this(endpoint, LazyHttpClient.standard());
    }

    GitHubFiles(GitHubEndpoint endpoint, Supplier<HttpClient> http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    @Override
    public Optional<String> read(String ownerRepo, String ref, String path) throws IOException {
        if (!ownerRepo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+") || path.contains("..") || path.startsWith("/")) {
            return Optional.empty();
        }
        URI uri = URI.create(endpoint.apiUrl() + "/repos/" + ownerRepo + "/contents/"
                + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/")
                + "?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github.raw").header("X-GitHub-Api-Version", "2022-11-28");
        if (endpoint.token() != null) {
            req.header("Authorization", "Bearer " + endpoint.token());
        }
        try {
            HttpResponse<byte[]> resp = http.get().send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200 || resp.body().length > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new String(resp.body(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
