package dev.runwall.workflow.internal.perm;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code actions/github-script} script needs: {@code github.rest.<area>.<method>(…)} calls
 * (read for get/list, write otherwise), {@code github.request('METHOD /path')}, OIDC through
 * {@code core.getIDToken}. GraphQL and calls it cannot place make the needs unknown.
 */
final class GithubScriptAnalyzer {
    private static final Pattern REST = Pattern.compile("\\bgithub\\s*\\.\\s*(?:rest\\s*\\.\\s*)?([a-zA-Z]+)\\s*\\.\\s*([a-zA-Z]+)\\s*\\(");
    private static final Pattern REQUEST = Pattern.compile("\\bgithub\\s*\\.\\s*request\\s*\\(\\s*['\"`]([A-Z]+)\\s+([^'\"`]+)['\"`]");
    private static final Pattern PAGINATE = Pattern.compile("\\bgithub\\s*\\.\\s*paginate\\s*\\(\\s*github\\s*\\.\\s*rest\\s*\\.\\s*([a-zA-Z]+)\\s*\\.\\s*([a-zA-Z]+)");
    private static final Map<String, Scope> AREAS = Map.ofEntries(
            Map.entry("issues", Scope.ISSUES), Map.entry("pulls", Scope.PULL_REQUESTS), Map.entry("git", Scope.CONTENTS),
            Map.entry("actions", Scope.ACTIONS), Map.entry("checks", Scope.CHECKS), Map.entry("codeScanning", Scope.SECURITY_EVENTS),
            Map.entry("packages", Scope.PACKAGES), Map.entry("projects", Scope.REPOSITORY_PROJECTS));

    private GithubScriptAnalyzer() {}

    static void analyze(String script, String where, JobNeeds needs) {
        if (script.contains("getIDToken")) {
            needs.grant(Scope.ID_TOKEN, Level.WRITE, "core.getIDToken() in " + where);
        }
        if (script.matches("(?s).*\\bgithub\\s*\\.\\s*graphql\\b.*")) {
            needs.unknown("a GraphQL call in " + where);
        }
        Matcher r = REST.matcher(script);
        while (r.find()) {
            call(r.group(1), r.group(2), where, needs);
        }
        Matcher p = PAGINATE.matcher(script);
        while (p.find()) {
            call(p.group(1), p.group(2), where, needs);
        }
        Matcher q = REQUEST.matcher(script);
        while (q.find()) {
            String label = "github.request('" + q.group(1) + " " + q.group(2) + "') in " + where;
            switch (ApiRoute.of(q.group(1), q.group(2))) {
                case ApiRoute.Needs n -> needs.grant(n.scope(), n.level(), label);
                case ApiRoute.Nothing x -> { }
                case ApiRoute.Unknown u -> needs.unknown(u.why() + ": " + label);
            }
        }
    }

    private static void call(String area, String method, String where, JobNeeds needs) {
        if (area.equals("rest") || area.equals("request") || area.equals("paginate") || area.equals("graphql")) {
            return;
        }
        String label = "github.rest." + area + "." + method + "() in " + where;
        Level level = isRead(method) ? Level.READ : Level.WRITE;
        Scope scope = AREAS.get(area);
        if (area.equals("repos")) {
            scope = reposScope(method);
        } else if (area.equals("reactions")) {
            scope = method.toLowerCase(Locale.ROOT).contains("pull") ? Scope.PULL_REQUESTS : Scope.ISSUES;
        }
        if (scope == null) {
            needs.unknown(label + " (an API area Runwall does not map)");
            return;
        }
        needs.grant(scope, level, label);
    }

    private static Scope reposScope(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        if (m.contains("deployment")) {
            return Scope.DEPLOYMENTS;
        }
        if (m.contains("commitstatus") || m.contains("combinedstatus")) {
            return Scope.STATUSES;
        }
        if (m.contains("pages")) {
            return Scope.PAGES;
        }
        if (m.contains("collaborator") || m.contains("webhook") || m.contains("protection") || m.contains("deploykey")
                || m.contains("secret") || m.contains("invitation") || m.equals("update") || m.equals("delete")) {
            return null;
        }
        return Scope.CONTENTS;
    }

    private static boolean isRead(String method) {
        return method.startsWith("get") || method.startsWith("list") || method.startsWith("check")
                || method.startsWith("compare") || method.startsWith("download");
    }
}
