package dev.runwall.workflow.internal.perm;

/** Which token a value carries: the job's {@code GITHUB_TOKEN}, another token (PAT, app token), or none. */
public enum TokenKind {
    GITHUB, OTHER, ABSENT;

    /** GITHUB wins: if any of the places may carry the job token, the job token may be used. */
    public TokenKind or(TokenKind other) {
        if (this == GITHUB || other == GITHUB) {
            return GITHUB;
        }
        return this == OTHER || other == OTHER ? OTHER : ABSENT;
    }
}
