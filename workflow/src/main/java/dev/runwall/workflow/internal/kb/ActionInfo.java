package dev.runwall.workflow.internal.kb;

import dev.runwall.workflow.internal.perm.Permissions;
import java.util.List;
import java.util.Map;

/**
 * What Runwall knows about one action, written from the action's documentation: where the job token
 * comes in, what it needs always, and what it needs for some inputs.
 *
 * @param key {@code owner/repo[/path]} in lower case ({@code owner/repo/*} for every path)
 * @param docs where the facts come from
 * @param token how the job token reaches the action; null when the grants do not depend on it
 * @param permissions what the action needs whenever the job token reaches it
 * @param rules extra grants for some input values
 * @param defaults input defaults used by the rules
 * @param persistsCredentialsInput for checkout: the input that turns off persisting the token in git config
 * @param pushesWithCheckoutCredentials the action runs {@code git push} with what checkout persisted
 * @param analyze {@code script} to read an actions/github-script script; null otherwise
 */
public record ActionInfo(String key, String docs, TokenSpec token, Permissions permissions, List<InputRule> rules,
        Map<String, String> defaults, String persistsCredentialsInput, boolean pushesWithCheckoutCredentials, String analyze) {

    /** The inputs and environment variables through which the action takes a token. */
    public record TokenSpec(List<String> inputs, List<String> env, boolean defaultsToJobToken) {}

    /** Grants when every input matches its glob ({@code ""}: absent or empty, {@code ?*}: present). */
    public record InputRule(Map<String, String> when, Permissions permissions) {}
}
