package dev.runwall.workflow;

/** Every kind of finding {@code runwall secure} reports, with its stable id (used in JSON and SARIF). */
public enum Rule {
    UNPINNED_REFERENCE("unpinned-reference", Severity.WARNING,
            "Action or reusable workflow not pinned to a full commit SHA",
            "A tag or branch can be moved to other code at any time. Pin to the 40-hex commit SHA and keep the version as a comment."),
    STALE_VERSION_COMMENT("stale-version-comment", Severity.WARNING,
            "Version comment does not match the pinned commit",
            "The comment after a pinned SHA names a tag or branch that points at another commit."),
    MISSING_VERSION_COMMENT("missing-version-comment", Severity.NOTE,
            "Pinned commit without a version comment",
            "A version comment tells readers and update tools which release the SHA is."),
    UNRESOLVED_REFERENCE("unresolved-reference", Severity.ERROR,
            "Reference could not be resolved to a commit",
            "The tag or branch was not found, or the repository's refs could not be listed."),
    INVALID_REFERENCE("invalid-reference", Severity.WARNING,
            "Reference Runwall cannot check",
            "The 'uses' value is not of the form owner/repo[/path]@ref."),
    DOCKER_IMAGE_UNPINNED("docker-image-unpinned", Severity.WARNING,
            "Docker image not pinned to a digest",
            "A docker:// image tag can be moved; pin it to its sha256 digest."),
    MISSING_PERMISSIONS("missing-permissions", Severity.WARNING,
            "GITHUB_TOKEN permissions not declared or narrower than needed",
            "Without a permissions block the token gets the repository's default, often write access to everything."),
    EXCESSIVE_PERMISSIONS("excessive-permissions", Severity.WARNING,
            "GITHUB_TOKEN permissions wider than the job needs",
            "Grant only the scopes the job's actions and commands use."),
    UNKNOWN_ACTION("unknown-action", Severity.WARNING,
            "Action or command whose token needs Runwall cannot compute",
            "Runwall does not guess the permissions of an action it does not know, or of a command the job token is "
                    + "handed to; the job's permissions are left as they were."),
    RUNWALL_STEP_MISSING("runwall-step-missing", Severity.WARNING,
            "Job without the Runwall egress audit step",
            "The Runwall step records every outbound connection of the job."),
    RUNWALL_STEP_SKIPPED("runwall-step-skipped", Severity.NOTE,
            "Runwall step not added to this job",
            "The job already has an egress agent, calls a reusable workflow, or runs on an OS the agent does not support yet."),
    INVALID_WORKFLOW("invalid-workflow", Severity.ERROR,
            "File is not a valid workflow or action",
            "The file could not be parsed; it was left untouched."),
    EDIT_REFUSED("edit-refused", Severity.ERROR,
            "Changes not applied: the result would not be the same document",
            "Runwall re-parses every edited file; when the result differs in more than the intended changes, the file is left untouched.");

    private final String id;
    private final Severity defaultSeverity;
    private final String title;
    private final String help;

    Rule(String id, Severity defaultSeverity, String title, String help) {
        this.id = id;
        this.defaultSeverity = defaultSeverity;
        this.title = title;
        this.help = help;
    }

    public String id() {
        return id;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public String title() {
        return title;
    }

    public String help() {
        return help;
    }
}
