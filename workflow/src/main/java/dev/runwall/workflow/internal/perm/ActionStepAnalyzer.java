package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.kb.ActionInfo;
import dev.runwall.workflow.internal.model.Step;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Applies a knowledge-base entry to one step: token flow, input rules, checkout credentials. */
final class ActionStepAnalyzer {
    private ActionStepAnalyzer() {}

    static void analyze(ActionInfo info, Step step, TokenFlow flow, JobState state, JobNeeds needs, String label) {
        TokenKind token = tokenOf(info, step, flow);
        boolean jobToken = info.token() == null || token == TokenKind.GITHUB;
        grant(info.permissions(), jobToken, needs, label);
        for (ActionInfo.InputRule rule : info.rules()) {
            if (matches(rule.when(), step, info.defaults())) {
                grant(rule.permissions(), jobToken, needs, label + " (" + describe(rule.when()) + ")");
            }
        }
        if (info.persistsCredentialsInput() != null) {
            String persist = step.input(info.persistsCredentialsInput());
            boolean persisted = persist == null || !persist.trim().equalsIgnoreCase("false");
            state.checkedOut(persisted ? (token == TokenKind.ABSENT ? TokenKind.GITHUB : token) : TokenKind.ABSENT, label);
        }
        if (info.pushesWithCheckoutCredentials() && state.checkoutCredentials() == TokenKind.GITHUB) {
            needs.grant(Scope.CONTENTS, Level.WRITE, label + " pushes with the credentials " + state.checkoutStep() + " persisted");
        }
        if ("script".equals(info.analyze()) && jobToken) {
            String script = step.input("script");
            GithubScriptAnalyzer.analyze(script == null ? "" : script, label, needs);
        }
        if ("route".equals(info.analyze()) && jobToken) {
            route(step.input("route"), label, needs);
        }
    }

    /** {@code route: "POST /repos/{owner}/{repo}/issues"} of octokit/request-action. */
    private static void route(String route, String label, JobNeeds needs) {
        String[] parts = route == null ? new String[0] : route.trim().split("\\s+", 2);
        if (parts.length != 2) {
            needs.unknown(label + " without a 'METHOD /path' route");
            return;
        }
        switch (ApiRoute.of(parts[0], parts[1])) {
            case ApiRoute.Needs n -> needs.grant(n.scope(), n.level(), label + " (" + parts[0] + " " + parts[1] + ")");
            case ApiRoute.Nothing x -> { }
            case ApiRoute.Unknown u -> needs.unknown(u.why() + " in " + label);
        }
    }

    /** The token the step hands to the action: through a token input, an env variable, or the default. */
    static TokenKind tokenOf(ActionInfo info, Step step, TokenFlow flow) {
        ActionInfo.TokenSpec spec = info.token();
        if (spec == null) {
            return TokenKind.ABSENT;
        }
        TokenKind kind = TokenKind.ABSENT;
        boolean given = false;
        for (String input : spec.inputs()) {
            String value = step.input(input);
            if (value != null) {
                given = true;
                kind = kind.or(flow.classify(value));
            }
        }
        for (String env : spec.env()) {
            if (flow.variables().containsKey(env)) {
                given = true;
                kind = kind.or(flow.env(env));
            }
        }
        if (!given && spec.defaultsToJobToken()) {
            return TokenKind.GITHUB;
        }
        return kind;
    }

    private static void grant(Permissions p, boolean jobToken, JobNeeds needs, String reason) {
        p.ordered().forEach((scope, level) -> {
            // OIDC is not a token grant: the action needs it whichever token it is given
            if (scope == Scope.ID_TOKEN || jobToken) {
                needs.grant(scope, level, reason);
            }
        });
    }

    private static boolean matches(Map<String, String> when, Step step, Map<String, String> defaults) {
        for (Map.Entry<String, String> c : when.entrySet()) {
            String value = step.input(c.getKey());
            if (value == null) {
                value = defaults.getOrDefault(c.getKey(), "");
            }
            if (value.contains("${{")) {
                continue; // decided at run time: assume it may match
            }
            if (!glob(c.getValue()).matcher(value.trim().toLowerCase(Locale.ROOT)).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String glob) {
        if (glob.equals("?*")) {
            return Pattern.compile(".+", Pattern.DOTALL);
        }
        String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            re.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static String describe(Map<String, String> when) {
        StringBuilder b = new StringBuilder();
        when.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(v.isEmpty() ? " not set" : " = " + v));
        return b.toString();
    }
}
