package dev.runwall.workflow.internal.refs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runwall.workflow.GitHubEndpoint;
import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RepoRefs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists refs through the GitHub REST API ({@code git/matching-refs}), peeling annotated tags with
 * {@code git/tags}. The fallback when the git protocol is blocked; rate limits are reported with
 * the time they reset.
 */
public final class RestRefs {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 50;
    private static final int MAX_PEEL = 5;
    private final GitHubEndpoint endpoint;
    private final Supplier<HttpClient> http;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1 << 20).build()).build());

    public RestRefs(GitHubEndpoint endpoint, Supplier<HttpClient> http, Duration timeout) {
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
    }

    public RepoRefs list(String ownerRepo) throws RefResolutionException {
        String base = endpoint.apiUrl() + "/repos/" + ownerRepo + "/git/matching-refs/";
        Map<String, String> tags = new HashMap<>();
        for (JsonNode ref : pages(base + "tags?per_page=100", ownerRepo)) {
            String name = ref.path("ref").asText("");
            if (name.startsWith("refs/tags/")) {
                tags.put(name.substring("refs/tags/".length()), peel(ref.path("object"), ownerRepo));
            }
        }
        Map<String, String> branches = new HashMap<>();
        for (JsonNode ref : pages(base + "heads?per_page=100", ownerRepo)) {
            String name = ref.path("ref").asText("");
            if (name.startsWith("refs/heads/")) {
                branches.put(name.substring("refs/heads/".length()), ref.path("object").path("sha").asText(""));
            }
        }
        tags.values().removeIf(s -> !s.matches("[0-9a-f]{40}"));
        branches.values().removeIf(s -> !s.matches("[0-9a-f]{40}"));
        return new RepoRefs(tags, branches);
    }

    private String peel(JsonNode object, String ownerRepo) throws RefResolutionException {
        JsonNode o = object;
        for (int i = 0; i < MAX_PEEL && "tag".equals(o.path("type").asText()); i++) {
            String sha = o.path("sha").asText("");
            if (!sha.matches("[0-9a-f]{40}")) {
                return "";
            }
            o = get(endpoint.apiUrl() + "/repos/" + ownerRepo + "/git/tags/" + sha, ownerRepo).body().path("object");
        }
        return "commit".equals(o.path("type").asText()) ? o.path("sha").asText("") : "";
    }

    private Iterable<JsonNode> pages(String first, String ownerRepo) throws RefResolutionException {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        String url = first;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            Page p = get(url, ownerRepo);
            if (!p.body().isArray()) {
                throw new RefResolutionException("GitHub API: unexpected answer for " + ownerRepo + " refs");
            }
            p.body().forEach(all::add);
            url = p.next();
        }
        return all;
    }

    private record Page(JsonNode body, String next) {}

    private Page get(String url, String ownerRepo) throws RefResolutionException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28");
        if (endpoint.token() != null) {
            req.header("Authorization", "Bearer " + endpoint.token());
        }
        HttpResponse<String> resp;
        try {
            resp = http.get().send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RefResolutionException("GitHub API unreachable at " + endpoint.apiUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefResolutionException("interrupted", e);
        }
        int status = resp.statusCode();
        if (status == 404) {
            return new Page(json.createArrayNode(), null); // matching-refs answers 404 when the repository is unknown
        }
        if ((status == 403 || status == 429) && rateLimited(resp)) {
            throw new RefResolutionException(rateLimitMessage(resp));
        }
        if (status != 200) {
            throw new RefResolutionException("GitHub API answered " + status + " for the refs of " + ownerRepo
                    + (status == 401 ? "; the token in GITHUB_TOKEN was refused" : ""));
        }
        try {
            JsonNode body = json.readTree(resp.body());
            String link = resp.headers().firstValue("link").orElse("");
            Matcher m = NEXT.matcher(link);
            String next = m.find() && m.group(1).startsWith(endpoint.apiUrl().toString()) ? m.group(1) : null;
            return new Page(body == null ? json.createArrayNode() : body, next);
        } catch (IOException e) {
            throw new RefResolutionException("GitHub API: unreadable answer for " + ownerRepo + ": " + e.getMessage(), e);
        }
    }

    private static boolean rateLimited(HttpResponse<String> resp) {
        return resp.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false)
                || resp.headers().firstValue("retry-after").isPresent() || resp.body().contains("rate limit");
    }

    private String rateLimitMessage(HttpResponse<String> resp) {
        String when = resp.headers().firstValue("x-ratelimit-reset").map(s -> {
            try {
                return " until " + Instant.ofEpochSecond(Long.parseLong(s));
            } catch (NumberFormatException | java.time.DateTimeException e) { // not a time we can print
                return "";
            }
        }).orElse(resp.headers().firstValue("retry-after").filter(s -> s.matches("[0-9]{1,9}"))
                .map(s -> " for " + s + " s").orElse(""));
        return "GitHub API rate limit reached" + when + (endpoint.token() == null
                ? "; set GITHUB_TOKEN to get a higher limit, or give --refs" : "; wait, or give --refs");
    }
}
