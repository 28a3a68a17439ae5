package dev.runwall.workflow;

import java.net.URI;
import java.util.Map;

/**
 * Where GitHub is: the server (git over HTTPS) and its REST API, for github.com or a GitHub
 * Enterprise Server, and the token to use there (never printed).
 */
public record GitHubEndpoint(URI serverUrl, URI apiUrl, String token) {
    public static final URI GITHUB_COM = URI.create("https://github.com");

    public GitHubEndpoint {
        serverUrl = strip(serverUrl);
        apiUrl = strip(apiUrl);
    }

    /**
     * From the environment as GitHub Actions sets it: {@code GITHUB_SERVER_URL}, {@code GITHUB_API_URL},
     * {@code GITHUB_TOKEN} or {@code GH_TOKEN}; explicit values win when not null.
     */
    public static GitHubEndpoint from(Map<String, String> env, URI server, URI api) {
        URI s = server != null ? server : env.containsKey("GITHUB_SERVER_URL") ? URI.create(env.get("GITHUB_SERVER_URL")) : GITHUB_COM;
        URI a = api != null ? api : env.containsKey("GITHUB_API_URL") && server == null ? URI.create(env.get("GITHUB_API_URL")) : apiFor(s);
        String token = env.getOrDefault("GITHUB_TOKEN", env.get("GH_TOKEN"));
        return new GitHubEndpoint(s, a, token == null || token.isBlank() ? null : token);
    }

    /** {@code https://api.github.com} for github.com, {@code <server>/api/v3} for GitHub Enterprise Server. */
    public static URI apiFor(URI server) {
        String host = server.getHost();
        return "github.com".equalsIgnoreCase(host) ? URI.create("https://api.github.com")
                : URI.create(strip(server) + "/api/v3");
    }

    /** The host name used in the cache path. */
    public String host() {
        return serverUrl.getHost() == null ? "local" : serverUrl.getHost() + (serverUrl.getPort() > 0 ? "_" + serverUrl.getPort() : "");
    }

    @Override
    public String toString() {
        return "GitHubEndpoint[" + serverUrl + ", " + apiUrl + (token == null ? ", no token]" : ", token set]");
    }

    private static URI strip(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}
