package dev.runwall.workflow.internal.perm;

import java.util.Locale;
import java.util.Map;

/**
 * What a GitHub REST call needs from the job token, from its method and path ({@code gh api},
 * {@code curl} to the API, {@code github.request} in github-script).
 */
public sealed interface ApiRoute {
    /** The call needs {@code scope} at {@code level}. */
    record Needs(Scope scope, Level level) implements ApiRoute {}

    /** The call needs no grant (public metadata, rate limit, search). */
    record Nothing() implements ApiRoute {}

    /** Runwall cannot tell (GraphQL, admin endpoints the job token cannot use). */
    record Unknown(String why) implements ApiRoute {}

    /** Repository resources ({@code /repos/o/r/<resource>/...}) and the scope that guards them. */
    Map<String, Scope> RESOURCES = Map.ofEntries(
            Map.entry("issues", Scope.ISSUES), Map.entry("labels", Scope.ISSUES), Map.entry("milestones", Scope.ISSUES),
            Map.entry("assignees", Scope.ISSUES),
            Map.entry("pulls", Scope.PULL_REQUESTS),
            Map.entry("contents", Scope.CONTENTS), Map.entry("git", Scope.CONTENTS), Map.entry("commits", Scope.CONTENTS),
            Map.entry("releases", Scope.CONTENTS), Map.entry("tags", Scope.CONTENTS), Map.entry("branches", Scope.CONTENTS),
            Map.entry("compare", Scope.CONTENTS), Map.entry("merges", Scope.CONTENTS), Map.entry("dispatches", Scope.CONTENTS),
            Map.entry("tarball", Scope.CONTENTS), Map.entry("zipball", Scope.CONTENTS), Map.entry("readme", Scope.CONTENTS),
            Map.entry("actions", Scope.ACTIONS),
            Map.entry("check-runs", Scope.CHECKS), Map.entry("check-suites", Scope.CHECKS),
            Map.entry("deployments", Scope.DEPLOYMENTS), Map.entry("environments", Scope.DEPLOYMENTS),
            Map.entry("statuses", Scope.STATUSES),
            Map.entry("pages", Scope.PAGES),
            Map.entry("code-scanning", Scope.SECURITY_EVENTS),
            Map.entry("attestations", Scope.ATTESTATIONS),
            Map.entry("projects", Scope.REPOSITORY_PROJECTS),
            Map.entry("packages", Scope.PACKAGES));

    /** Resolves {@code method path}; the path may be a full URL or {@code repos/{owner}/{repo}/...}. */
    static ApiRoute of(String method, String pathOrUrl) {
        String path = stripHost(pathOrUrl)
                .replace("${{github.repository}}", "owner/repo")
                .replace("${GITHUB_REPOSITORY}", "owner/repo")
                .replace("$GITHUB_REPOSITORY", "owner/repo");
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        path = path.replaceAll("^/+", "");
        String m = method.toUpperCase(Locale.ROOT);
        Level level = m.equals("GET") || m.equals("HEAD") ? Level.READ : Level.WRITE;
        String[] seg = path.split("/");
        if (seg.length == 0 || seg[0].isEmpty()) {
            return new Unknown("no API path");
        }
        switch (seg[0]) {
            case "graphql" -> {
                return new Unknown("a GraphQL call");
            }
            case "rate_limit", "search", "meta", "emojis", "zen", "octocat", "licenses", "gitignore" -> {
                return new Nothing();
            }
            case "repos" -> {
                if (seg.length <= 3) {
                    return level == Level.READ ? new Nothing() : new Unknown("a repository settings change");
                }
                if (seg[3].equals("commits") && seg.length >= 6 && (seg[5].equals("status") || seg[5].equals("statuses"))) {
                    return new Needs(Scope.STATUSES, level);
                }
                if (seg[3].equals("commits") && seg.length >= 6 && seg[5].startsWith("check-")) {
                    return new Needs(Scope.CHECKS, level);
                }
                Scope scope = RESOURCES.get(seg[3]);
                if (scope == null) {
                    return new Unknown("the endpoint " + m + " /repos/…/" + seg[3]);
                }
                return new Needs(scope, level);
            }
            default -> {
                return new Unknown("the endpoint " + m + " /" + seg[0]);
            }
        }
    }

    private static String stripHost(String url) {
        String u = url.replace("\"", "").replace("'", "");
        for (String prefix : new String[] {"${{github.api_url}}", "${GITHUB_API_URL}", "$GITHUB_API_URL"}) {
            if (u.startsWith(prefix)) {
                return u.substring(prefix.length());
            }
        }
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            int slash = u.indexOf('/', scheme + 3);
            String host = slash < 0 ? u.substring(scheme + 3) : u.substring(scheme + 3, slash);
            String rest = slash < 0 ? "" : u.substring(slash);
            // GitHub Enterprise Server serves the API under /api/v3
            return host.startsWith("api.") ? rest : rest.replaceFirst("^/api/v3", "");
        }
        return u;
    }

    /** True when {@code url} points at a GitHub REST API. */
    static boolean isApiUrl(String url) {
        String u = url.replace("\"", "").replace("'", "");
        return u.contains("api.github.com") || u.contains("/api/v3/") || u.startsWith("${{github.api_url}}")
                || u.startsWith("$GITHUB_API_URL") || u.startsWith("${GITHUB_API_URL}");
    }
}
