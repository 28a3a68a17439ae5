package dev.runwall.workflow;

import dev.runwall.workflow.internal.refs.GitLsRemote;
import dev.runwall.workflow.internal.refs.RefCache;
import dev.runwall.workflow.internal.refs.RestRefs;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Refs from GitHub: from the disk cache when fresh, else listed with the git protocol (one request
 * per repository), else through the REST API; what was listed is cached.
 */
public final class OnlineRefs implements RefSource {
    private final GitHubEndpoint endpoint;
    private final RefCache cache;
    private final boolean refresh;
    private final GitLsRemote git;
    private final RestRefs rest;

    /**
     * @param cacheDir where refs are kept between runs
     * @param ttl how long cached refs are used
     * @param refresh ignore cached refs (still writes them)
     */
    public OnlineRefs(GitHubEndpoint endpoint, Path cacheDir, Duration ttl, boolean refresh) {
        this(endpoint, new RefCache(cacheDir, ttl, Clock.systemUTC()), refresh,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    OnlineRefs(GitHubEndpoint endpoint, RefCache cache, boolean refresh, HttpClient http) {
        this.endpoint = endpoint;
        this.cache = cache;
        this.refresh = refresh;
        this.git = new GitLsRemote(endpoint, 30);
        this.rest = new RestRefs(endpoint, http, Duration.ofSeconds(30));
    }

    @Override
    public RepoRefs refs(String ownerRepo) throws RefResolutionException {
        if (!ownerRepo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new RefResolutionException("'" + ownerRepo + "' is not a repository name");
        }
        Optional<RepoRefs> cached = refresh ? Optional.empty() : cache.get(endpoint.host(), ownerRepo);
        if (cached.isPresent()) {
            return cached.get();
        }
        RepoRefs refs;
        try {
            refs = git.list(ownerRepo);
        } catch (RefResolutionException gitFailure) {
            try {
                refs = rest.list(ownerRepo);
            } catch (RefResolutionException restFailure) {
                throw new RefResolutionException(gitFailure.getMessage() + "; then " + restFailure.getMessage(), restFailure);
            }
        }
        if (refs.tags().isEmpty() && refs.branches().isEmpty()) {
            throw new RefResolutionException(ownerRepo + " has no tags or branches at " + endpoint.serverUrl()
                    + " (does it exist?)");
        }
        cache.put(endpoint.host(), ownerRepo, refs);
        return refs;
    }
}
