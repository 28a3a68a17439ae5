package dev.runwall.workflow.internal.perm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What earlier steps of a job left behind for later ones: the credentials {@code actions/checkout}
 * persisted in the git config, and variables written to {@code $GITHUB_ENV}.
 */
final class JobState {
    private TokenKind checkoutCredentials = TokenKind.ABSENT;
    private String checkoutStep = "";
    private final Map<String, String> exported = new LinkedHashMap<>();

    void checkedOut(TokenKind token, String step) {
        checkoutCredentials = token;
        checkoutStep = step;
    }

    TokenKind checkoutCredentials() {
        return checkoutCredentials;
    }

    String checkoutStep() {
        return checkoutStep;
    }

    void export(String name, String value) {
        exported.put(name, value);
    }

    /** Variables set through {@code $GITHUB_ENV}, as {@code name: value} text for a synthetic env. */
    Map<String, String> exported() {
        return Map.copyOf(exported);
    }
}
