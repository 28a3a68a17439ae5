package dev.runwall.workflow.internal.perm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code run:} script needs from the job token: {@code gh} commands, {@code gh api} and
 * {@code curl} calls to the REST API, {@code git push} with the credentials checkout persisted,
 * {@code docker login ghcr.io}, publishing to GitHub Packages, OIDC. The job token handed to any
 * other command makes the job's needs unknown: Runwall does not guess.
 */
final class RunScriptAnalyzer {
    private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
    private static final Pattern ENV_FILE_WRITE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*?)[\"']?\\s*>>\\s*[\"']?\\$\\{?GITHUB_ENV");
    private static final Set<String> PREFIXES = Set.of("sudo", "env", "time", "command", "exec", "nohup", "xargs", "then", "do", "else", "if", "while", "until", "!");
    private static final Set<String> HARMLESS = Set.of("echo", "printf", "export", "test", "[", "[[", "local", "declare", "unset", "true", "false", ":");

    private final String where;
    private final TokenFlow flow;
    private final JobState state;
    private final JobNeeds needs;

    RunScriptAnalyzer(String where, TokenFlow flow, JobState state, JobNeeds needs) {
        this.where = where;
        this.flow = flow;
        this.state = state;
        this.needs = needs;
    }

    void analyze(String script) {
        if (script.contains("ACTIONS_ID_TOKEN_REQUEST_URL") || script.contains("ACTIONS_ID_TOKEN_REQUEST_TOKEN")) {
            needs.grant(Scope.ID_TOKEN, Level.WRITE, "OIDC token requested in " + where);
        }
        Matcher exports = ENV_FILE_WRITE.matcher(script);
        while (exports.find()) {
            if (tokenIn(exports.group(2), Map.of()) == TokenKind.GITHUB) {
                state.export(exports.group(1), "${{ github.token }}");
            }
        }
        for (ShellScript.Pipeline pipeline : ShellScript.parse(script)) {
            for (List<String> command : pipeline.commands()) {
                analyzeCommand(command, pipeline);
            }
        }
    }

    private void analyzeCommand(List<String> words, ShellScript.Pipeline pipeline) {
        Map<String, String> inline = new HashMap<>();
        int i = 0;
        while (i < words.size() && (PREFIXES.contains(words.get(i)) || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            int eq = words.get(i).indexOf('=');
            if (eq > 0 && !PREFIXES.contains(words.get(i))) {
                inline.put(words.get(i).substring(0, eq), words.get(i).substring(eq + 1));
            }
            i++;
        }
        if (i >= words.size()) {
            return;
        }
        List<String> cmd = words.subList(i, words.size());
        String program = cmd.getFirst().substring(cmd.getFirst().lastIndexOf('/') + 1);
        if ((program.equals("npx") || program.equals("pnpx")) && cmd.size() > 1) {
            List<String> rest = cmd.subList(1, cmd.size()).stream().filter(w -> !w.startsWith("-")).toList();
            if (!rest.isEmpty()) {
                program = rest.getFirst().replaceAll("@[^/]*$", "");
            }
        }
        String label = "'" + String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + "' in " + where;
        switch (program) {
            case "gh" -> gh(cmd, inline, label);
            case "git" -> git(cmd, inline, label);
            case "curl", "wget" -> curl(cmd, inline, label);
            case "docker", "podman", "buildah", "helm", "oras" -> registryLogin(cmd, inline, pipeline, label);
            case "npm", "yarn", "pnpm" -> publish(cmd, inline, label, "NODE_AUTH_TOKEN");
            case "semantic-release" -> releaseTool(inline, label, Scope.CONTENTS, Scope.ISSUES, Scope.PULL_REQUESTS);
            case "goreleaser" -> releaseTool(inline, label, Scope.CONTENTS);
            default -> {
                if (!HARMLESS.contains(program) && carriesJobToken(cmd, inline)) {
                    needs.unknown("the job token is passed to " + label);
                }
            }
        }
    }

    private void gh(List<String> cmd, Map<String, String> inline, String label) {
        TokenKind token = inline.containsKey("GH_TOKEN") || flow.variables().containsKey("GH_TOKEN")
                ? var("GH_TOKEN", inline) : var("GITHUB_TOKEN", inline);
        if (token != TokenKind.GITHUB) {
            return; // a PAT or app token, or gh without a token: nothing from GITHUB_TOKEN
        }
        List<String> args = cmd.stream().skip(1).filter(w -> !w.startsWith("-")).toList();
        if (args.isEmpty()) {
            return;
        }
        if (args.getFirst().equals("api")) {
            api(cmd, label);
            return;
        }
        List<Grant> grants = GhCommands.lookup(args.getFirst(), args.size() > 1 ? args.get(1) : "", label);
        if (grants == null) {
            needs.unknown("unknown gh command " + label);
            return;
        }
        grants.forEach(g -> needs.grant(g.scope(), g.level(), g.reason()));
    }

    private void api(List<String> cmd, String label) {
        String method = null;
        boolean fields = false;
        String path = null;
        for (int i = 2; i < cmd.size(); i++) {
            String w = cmd.get(i);
            if ((w.equals("-X") || w.equals("--method")) && i + 1 < cmd.size()) {
                method = cmd.get(++i);
            } else if (w.startsWith("--method=")) {
                method = w.substring("--method=".length());
            } else if (Set.of("-f", "-F", "--field", "--raw-field", "--input").contains(w)) {
                fields = true;
                i++;
            } else if (Set.of("-H", "--header", "-q", "--jq", "-t", "--template", "--hostname", "--cache", "-p", "--preview").contains(w)) {
                i++;
            } else if (!w.startsWith("-") && path == null) {
                path = w;
            }
        }
        if (path == null) {
            needs.unknown("gh api without an endpoint in " + label);
            return;
        }
        route(method != null ? method : fields ? "POST" : "GET", path, label);
    }

    private void route(String method, String path, String label) {
        switch (ApiRoute.of(method, path)) {
            case ApiRoute.Needs n -> needs.grant(n.scope(), n.level(), label);
            case ApiRoute.Nothing x -> { }
            case ApiRoute.Unknown u -> needs.unknown(u.why() + " in " + label);
        }
    }

    private void git(List<String> cmd, Map<String, String> inline, String label) {
        List<String> args = cmd.stream().skip(1).filter(w -> !w.startsWith("-")).toList();
        boolean push = !args.isEmpty() && (args.getFirst().equals("push") || cmd.indexOf("push") > 0 && cmd.contains("-C"));
        if (!push) {
            if (carriesJobToken(cmd, inline)) {
                needs.grant(Scope.CONTENTS, Level.READ, label + " (the job token in a git URL)");
            }
            return;
        }
        if (carriesJobToken(cmd, inline)) {
            needs.grant(Scope.CONTENTS, Level.WRITE, label + " (the job token in the URL)");
        } else if (state.checkoutCredentials() == TokenKind.GITHUB) {
            needs.grant(Scope.CONTENTS, Level.WRITE, label + " with the credentials " + state.checkoutStep() + " persisted");
        }
    }

    private void curl(List<String> cmd, Map<String, String> inline, String label) {
        if (!carriesJobToken(cmd, inline)) {
            return;
        }
        String method = null;
        boolean data = false;
        String url = null;
        for (int i = 1; i < cmd.size(); i++) {
            String w = cmd.get(i);
            if ((w.equals("-X") || w.equals("--request")) && i + 1 < cmd.size()) {
                method = cmd.get(++i);
            } else if (w.startsWith("-X") && w.length() > 2) {
                method = w.substring(2);
            } else if (w.startsWith("--data") || w.equals("-d") || w.equals("--json") || w.equals("-F") || w.equals("--form")
                    || w.equals("-T") || w.equals("--upload-file") || w.equals("--post-data") || w.equals("--body-data")) {
                data = true;
                i++;
            } else if (w.startsWith("--method=")) {
                method = w.substring("--method=".length());
            } else if (w.equals("-H") || w.equals("--header") || w.equals("-o") || w.equals("--output") || w.equals("-u")) {
                i++;
            } else if (!w.startsWith("-") && (w.contains("://") || ApiRoute.isApiUrl(w))) {
                url = w;
            }
        }
        if (url != null && url.contains("uploads.github.com")) {
            needs.grant(Scope.CONTENTS, Level.WRITE, label + " (release asset upload)");
        } else if (url != null && ApiRoute.isApiUrl(url)) {
            route(method != null ? method : data ? "POST" : "GET", url, label);
        } else {
            needs.unknown("the job token is sent to " + (url == null ? "an unknown URL" : "a non-API URL") + " by " + label);
        }
    }

    private void registryLogin(List<String> cmd, Map<String, String> inline, ShellScript.Pipeline pipeline, String label) {
        if (cmd.size() < 2 || !cmd.get(1).equals("login") && !(cmd.size() > 2 && cmd.get(2).equals("login"))) {
            if (carriesJobToken(cmd, inline)) {
                needs.unknown("the job token is passed to " + label);
            }
            return;
        }
        boolean github = cmd.stream().anyMatch(w -> w.contains("ghcr.io") || w.contains("docker.pkg.github.com"));
        boolean token = carriesJobToken(cmd, inline) || tokenIn(pipeline.text(), inline) == TokenKind.GITHUB;
        if (github && token) {
            needs.grant(Scope.PACKAGES, Level.WRITE, label + " with the job token");
        } else if (token) {
            needs.unknown("the job token is used to log in to a registry other than ghcr.io in " + label);
        }
    }

    private void publish(List<String> cmd, Map<String, String> inline, String label, String tokenVar) {
        boolean publish = cmd.contains("publish");
        if (var(tokenVar, inline) == TokenKind.GITHUB) {
            needs.grant(Scope.PACKAGES, publish ? Level.WRITE : Level.READ, label + " with " + tokenVar + " set to the job token");
        } else if (carriesJobToken(cmd, inline)) {
            needs.unknown("the job token is passed to " + label);
        }
    }

    private void releaseTool(Map<String, String> inline, String label, Scope... scopes) {
        if (var("GITHUB_TOKEN", inline) == TokenKind.GITHUB || var("GH_TOKEN", inline) == TokenKind.GITHUB) {
            for (Scope s : scopes) {
                needs.grant(s, Level.WRITE, label + " with GITHUB_TOKEN");
            }
        }
    }

    private TokenKind var(String name, Map<String, String> inline) {
        if (inline.containsKey(name)) {
            return tokenIn(inline.get(name), inline);
        }
        String exported = state.exported().get(name);
        return exported != null && !flow.variables().containsKey(name) ? TokenKind.GITHUB : flow.env(name);
    }

    private boolean carriesJobToken(List<String> words, Map<String, String> inline) {
        for (String w : words) {
            if (tokenIn(w, inline) == TokenKind.GITHUB) {
                return true;
            }
        }
        return false;
    }

    /** The job token in text: an expression, or {@code $VAR} of a variable that holds it. */
    private TokenKind tokenIn(String text, Map<String, String> inline) {
        if (flow.classify(text.contains("${{") ? text : "") == TokenKind.GITHUB) {
            return TokenKind.GITHUB;
        }
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (inline.containsKey(name) ? flow.classify(inline.get(name)) == TokenKind.GITHUB
                    : var(name, Map.of()) == TokenKind.GITHUB) {
                return TokenKind.GITHUB;
            }
        }
        return TokenKind.ABSENT;
    }
}
