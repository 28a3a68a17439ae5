package dev.runwall.workflow.internal.perm;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code gh <group> <command>} needs from the job token; {@code gh api} is handled by {@link ApiRoute}. */
final class GhCommands {
    private record Entry(Set<String> commands, List<Grant> grants) {}

    private static final Map<String, List<Entry>> TABLE = Map.ofEntries(
            Map.entry("pr", List.of(
                    entry(Set.of("merge"), g(Scope.CONTENTS, Level.WRITE), g(Scope.PULL_REQUESTS, Level.WRITE)),
                    entry(Set.of("create", "edit", "close", "reopen", "ready", "review", "comment", "lock", "unlock",
                            "update-branch"), g(Scope.PULL_REQUESTS, Level.WRITE)),
                    entry(Set.of("checkout"), g(Scope.CONTENTS, Level.READ), g(Scope.PULL_REQUESTS, Level.READ)),
                    entry(Set.of("view", "list", "diff", "status"), g(Scope.PULL_REQUESTS, Level.READ)),
                    entry(Set.of("checks"), g(Scope.PULL_REQUESTS, Level.READ), g(Scope.CHECKS, Level.READ)))),
            Map.entry("issue", List.of(
                    entry(Set.of("create", "edit", "close", "reopen", "comment", "delete", "lock", "unlock", "pin",
                            "unpin", "transfer", "develop"), g(Scope.ISSUES, Level.WRITE)),
                    entry(Set.of("view", "list", "status"), g(Scope.ISSUES, Level.READ)))),
            Map.entry("release", List.of(
                    entry(Set.of("create", "edit", "delete", "upload", "delete-asset"), g(Scope.CONTENTS, Level.WRITE)),
                    entry(Set.of("view", "list", "download", "verify", "verify-asset"), g(Scope.CONTENTS, Level.READ)))),
            Map.entry("run", List.of(
                    entry(Set.of("rerun", "cancel", "delete"), g(Scope.ACTIONS, Level.WRITE)),
                    entry(Set.of("list", "view", "download", "watch"), g(Scope.ACTIONS, Level.READ)))),
            Map.entry("workflow", List.of(
                    entry(Set.of("run", "enable", "disable"), g(Scope.ACTIONS, Level.WRITE)),
                    entry(Set.of("list", "view"), g(Scope.ACTIONS, Level.READ)))),
            Map.entry("cache", List.of(
                    entry(Set.of("delete"), g(Scope.ACTIONS, Level.WRITE)),
                    entry(Set.of("list"), g(Scope.ACTIONS, Level.READ)))),
            Map.entry("label", List.of(
                    entry(Set.of("create", "edit", "delete", "clone"), g(Scope.ISSUES, Level.WRITE)),
                    entry(Set.of("list"), g(Scope.ISSUES, Level.READ)))),
            Map.entry("repo", List.of(
                    entry(Set.of("view", "clone", "list"), g(Scope.CONTENTS, Level.READ)))),
            Map.entry("attestation", List.of(
                    entry(Set.of("verify", "download"), g(Scope.CONTENTS, Level.READ), g(Scope.ATTESTATIONS, Level.READ)))),
            Map.entry("search", List.of(
                    entry(Set.of("code", "commits", "issues", "prs", "repos")))),
            Map.entry("auth", List.of(
                    entry(Set.of("status", "token", "setup-git")))),
            Map.entry("status", List.of(entry(Set.of("")))),
            Map.entry("browse", List.of(entry(Set.of("")))),
            Map.entry("help", List.of(entry(Set.of("")))),
            Map.entry("version", List.of(entry(Set.of("")))));

    private GhCommands() {}

    /** Grants for {@code gh group command}; null when the command is not known. */
    static List<Grant> lookup(String group, String command, String reason) {
        List<Entry> entries = TABLE.get(group);
        if (entries == null) {
            return null;
        }
        for (Entry e : entries) {
            if (e.commands().contains(command) || e.commands().contains("")) {
                return e.grants().stream().map(x -> new Grant(x.scope(), x.level(), reason)).toList();
            }
        }
        return null;
    }

    private static Entry entry(Set<String> commands, Grant... grants) {
        return new Entry(commands, List.of(grants));
    }

    private static Grant g(Scope scope, Level level) {
        return new Grant(scope, level, "");
    }
}
