package dev.runwall.workflow.internal.perm;

/** A {@code GITHUB_TOKEN} permission scope, as written in a {@code permissions:} block. */
public enum Scope {
    ACTIONS("actions"),
    ATTESTATIONS("attestations"),
    CHECKS("checks"),
    CONTENTS("contents"),
    DEPLOYMENTS("deployments"),
    DISCUSSIONS("discussions"),
    ID_TOKEN("id-token"),
    ISSUES("issues"),
    MODELS("models"),
    PACKAGES("packages"),
    PAGES("pages"),
    PULL_REQUESTS("pull-requests"),
    REPOSITORY_PROJECTS("repository-projects"),
    SECURITY_EVENTS("security-events"),
    STATUSES("statuses");

    private final String key;

    Scope(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The scope written as {@code key}, or null. */
    public static Scope of(String key) {
        for (Scope s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
