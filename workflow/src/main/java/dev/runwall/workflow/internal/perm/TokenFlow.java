package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the job token through expressions: {@code secrets.GITHUB_TOKEN} and {@code github.token}
 * are the job token; {@code env.X} and {@code inputs.X} are looked up; any other secret or output is
 * another token. The environment is the workflow's, the job's and the step's {@code env:} merged.
 */
public final class TokenFlow {
    private static final Pattern JOB_TOKEN = Pattern.compile(
            "(?i)\\bsecrets\\s*(\\.\\s*GITHUB_TOKEN\\b|\\[\\s*['\"]GITHUB_TOKEN['\"]\\s*\\])"
                    + "|\\bgithub\\s*(\\.\\s*token\\b|\\[\\s*['\"]token['\"]\\s*\\])");
    private static final Pattern ENV_REF = Pattern.compile("(?i)\\benv\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern INPUT_REF = Pattern.compile("(?i)\\binputs\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_-]*)");
    private static final int MAX_HOPS = 4;

    private final Map<String, String> env;
    private final Function<String, String> inputs;

    private TokenFlow(Map<String, String> env, Function<String, String> inputs) {
        this.env = env;
        this.inputs = inputs;
    }

    /** The flow for a step, with env merged from the outermost to the innermost mapping (nulls skipped). */
    public static TokenFlow of(List<YamlMapping> envs) {
        return of(envs, name -> null);
    }

    /** As {@link #of(List)}, resolving {@code inputs.X} (inside a composite action) with {@code inputs}. */
    public static TokenFlow of(List<YamlMapping> envs, Function<String, String> inputs) {
        Map<String, String> merged = new HashMap<>();
        for (YamlMapping m : envs) {
            if (m == null) {
                continue;
            }
            for (YamlMapping.Entry e : m.entries()) {
                if (e.key() instanceof YamlScalar k && YamlDocument.resolve(e.value()) instanceof YamlScalar v) {
                    merged.put(k.value(), v.value());
                }
            }
        }
        return new TokenFlow(merged, inputs);
    }

    /** This flow with {@code extra} variables added where the env does not set them ({@code $GITHUB_ENV}). */
    public TokenFlow with(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new HashMap<>(extra);
        merged.putAll(env);
        return new TokenFlow(merged, inputs);
    }

    /** Which token {@code value} (an input or env value, maybe with expressions) carries. */
    public TokenKind classify(String value) {
        return classify(value, 0);
    }

    private TokenKind classify(String value, int hops) {
        if (value == null || value.isBlank()) {
            return TokenKind.ABSENT;
        }
        if (JOB_TOKEN.matcher(value).find()) {
            return TokenKind.GITHUB;
        }
        if (hops < MAX_HOPS && value.contains("${{")) {
            TokenKind kind = TokenKind.ABSENT;
            Matcher m = ENV_REF.matcher(value);
            while (m.find()) {
                kind = kind.or(classify(env.get(m.group(1)), hops + 1));
            }
            Matcher i = INPUT_REF.matcher(value);
            while (i.find()) {
                kind = kind.or(classify(inputs.apply(i.group(1)), hops + 1));
            }
            if (kind == TokenKind.GITHUB) {
                return kind;
            }
        }
        return TokenKind.OTHER;
    }

    /** Which token the environment variable {@code name} carries. */
    public TokenKind env(String name) {
        return classify(env.get(name));
    }

    /** Names of environment variables that carry the job token. */
    public List<String> varsWithJobToken() {
        return env.keySet().stream().filter(k -> env(k) == TokenKind.GITHUB).sorted().toList();
    }

    public Map<String, String> variables() {
        return Map.copyOf(env);
    }
}
