package dev.runwall.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Digests from container registries (Docker Registry HTTP API v2): {@code HEAD /v2/<name>/manifests/<tag>}
 * answers {@code Docker-Content-Digest}; a {@code 401} with a {@code Bearer} challenge is answered with
 * an anonymous pull token from the realm it names (Docker Hub, ghcr.io, …).
 */
public final class RegistryDigests implements ImageDigests {
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json");
    private final Supplier<HttpClient> http;
    private final Function<String, String> registryUrl;

    /** Registries over HTTPS at their own host names. */
    public RegistryDigests() {
        this(LazyHttpClient.standard(), host -> "https://" + host);
    }

    /** For tests: {@code registryUrl} maps a registry host to its base URL. */
    RegistryDigests(Supplier<HttpClient> http, Function<String, String> registryUrl) {
        this.http = http;
        this.registryUrl = registryUrl;
    }

    @Override
    public Optional<String> digest(String image) throws IOException {
        ImageName name = ImageName.parse(image);
        if (name == null || name.digest() != null) {
            return Optional.empty();
        }
        URI manifest = URI.create(registryUrl.apply(name.apiHost()) + "/v2/" + name.repository() + "/manifests/" + name.tag());
        HttpResponse<Void> resp = head(manifest, null);
        if (resp.statusCode() == 401) {
            String token = token(resp.headers().firstValue("www-authenticate").orElse(""));
            if (token == null) {
                return Optional.empty();
            }
            resp = head(manifest, token);
        }
        if (resp.statusCode() != 200) {
            return Optional.empty();
        }
        return resp.headers().firstValue("docker-content-digest").filter(d -> DIGEST.matcher(d).matches());
    }

    private HttpResponse<Void> head(URI uri, String token) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return send(req.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** An anonymous pull token from a {@code Bearer realm="…",service="…",scope="…"} challenge. */
    private String token(String challenge) throws IOException {
        URI tokenUri = tokenUri(challenge);
        if (tokenUri == null) {
            return null;
        }
        HttpResponse<String> resp = send(HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return resp.statusCode() == 200 ? tokenFrom(resp.body()) : null;
    }

    /**
     * Where to ask for a token, from a registry's {@code WWW-Authenticate} header: the challenge's realm (an http
     * or https URL) with its other parameters as the query; null for anything else.
     */
    static URI tokenUri(String challenge) {
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String realm = null;
        StringBuilder query = new StringBuilder();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            if (m.group(1).equals("realm")) {
                realm = m.group(2);
            } else {
                query.append(query.isEmpty() ? "?" : "&").append(m.group(1)).append('=')
                        .append(URLEncoder.encode(m.group(2), StandardCharsets.UTF_8));
            }
        }
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            return null;
        }
        try {
            URI uri = URI.create(realm + query);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null; // the registry named a realm that is no URL
        }
    }

    /**
     * The token of a token server's JSON answer ({@code token}, or OAuth's {@code access_token}); null when the
     * body is no JSON object or has neither as a bearer token (RFC 6750's characters: it goes into a header).
     * The body comes from the network: only Jackson reads it.
     */
    static String tokenFrom(String body) {
        JsonNode answer;
        try {
            answer = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            return null;
        }
        if (answer == null || !answer.isObject()) {
            return null;
        }
        for (String field : new String[] {"token", "access_token"}) {
            JsonNode t = answer.get(field);
            if (t != null && t.isTextual() && BEARER_TOKEN.matcher(t.asText()).matches()) {
                return t.asText();
            }
        }
        return null;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.get().send(req, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code [registry/]name[:tag][@digest]}, with Docker Hub's defaults filled in. */
    record ImageName(String registry, String repository, String tag, String digest) {
        private static final Pattern REF = Pattern.compile(
                "(?:([A-Za-z0-9.-]+(?::[0-9]+)?|localhost)/)?([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

        static ImageName parse(String image) {
            Matcher m = REF.matcher(image.trim());
            if (!m.matches()) {
                return null;
            }
            String registry = m.group(1);
            String repo = m.group(2);
            if (registry != null && !registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
                repo = registry + "/" + repo; // "owner/name" on Docker Hub, not a registry host
                registry = null;
            }
            registry = registry == null ? "docker.io" : registry;
            if (registry.equals("docker.io") && !repo.contains("/")) {
                repo = "library/" + repo;
            }
            return new ImageName(registry, repo, m.group(3) == null ? "latest" : m.group(3), m.group(4));
        }

        String apiHost() {
            return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        }
    }
}
