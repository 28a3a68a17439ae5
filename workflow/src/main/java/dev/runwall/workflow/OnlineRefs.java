package dev.runwall.workflow;

import dev.runwall.workflow.internal.refs.GitLsRemote;
import dev.runwall.workflow.internal.refs.RefCache;
import dev.runwall.workflow.internal.refs.RestRefs;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Refs from GitHub: from the disk cache when fresh, else listed with the git protocol (one request
 * per repository), else through the REST API; what was listed is cached.
 */
public final class OnlineRefs implements RefSource {
    private final GitHubEndpoint endpoint;
    private final RefCache cache;
    private final boolean refresh;
    private final GitLsRemote git;
    private final Supplier<HttpClient> http;
    private volatile RestRefs rest;

    /**
     * @param cacheDir where refs are kept between runs
     * @param ttl how long cached refs are used
     * @param refresh ignore cached refs (still writes them)
     */
    public OnlineRefs(GitHubEndpoint endpoint, Path cacheDir, Duration ttl, boolean refresh) {
        this(endpoint, new RefCache(cacheDir, ttl, Clock.systemUTC()), refresh, LazyHttpClient.standard());
    }

    OnlineRefs(GitHubEndpoint endpoint, RefCache cache, boolean refresh, Supplier<HttpClient> http) {
        this.endpoint = endpoint;
        this.cache = cache;
        this.refresh = refresh;
        this.git = new GitLsRemote(endpoint, 30);
        this.http = http;
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
                refs = rest().list(ownerRepo);
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

    /** Made when first needed: a run served by the cache or by git never loads the JSON mapper. */
    private RestRefs rest() {
        RestRefs r = rest;
        if (r == null) {
            synchronized (this) {
                r = rest;
                if (r == null) {
                    r = new RestRefs(endpoint, http, Duration.ofSeconds(30));
                    rest = r;
                }
            }
        }
        return r;
    }
}
