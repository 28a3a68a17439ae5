package dev.runwall.cli;

import dev.runwall.workflow.GitHubEndpoint;
import dev.runwall.workflow.GitHubFiles;
import dev.runwall.workflow.OnlineRefs;
import dev.runwall.workflow.RefSource;
import dev.runwall.workflow.RepositoryFiles;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of {@code runwall secure} for resolving refs online (ignored with --refs). */
final class SecureOnlineOptions {
    @Option(names = "--github-url", paramLabel = "URL",
            description = "GitHub server (GitHub Enterprise Server). Default: $GITHUB_SERVER_URL or https://github.com.")
    URI githubUrl;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "GitHub REST API. Default: $GITHUB_API_URL, https://api.github.com, or <github-url>/api/v3.")
    URI apiUrl;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where listed refs are cached. Default: $XDG_CACHE_HOME/runwall/refs or ~/.cache/runwall/refs.")
    Path cacheDir;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "PT24H",
            description = "How long cached refs are used (ISO-8601, e.g. PT1H). Default: ${DEFAULT-VALUE}.")
    Duration cacheTtl;

    @Option(names = "--refresh", description = "List refs again even when cached.")
    boolean refresh;

    private GitHubEndpoint endpoint() {
        for (URI u : new URI[] {githubUrl, apiUrl}) {
            if (u != null && !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
                throw new ExitException(ExitCodes.INVALID_INPUT, "'" + u + "' is not an http(s) URL");
            }
        }
        return GitHubEndpoint.from(System.getenv(), githubUrl, apiUrl);
    }

    RefSource refSource(PrintWriter err) {
        return new OnlineRefs(endpoint(), cacheDir(), cacheTtl, refresh);
    }

    RepositoryFiles files() {
        return new GitHubFiles(endpoint());
    }

    private Path cacheDir() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("runwall").resolve("refs");
    }
}
