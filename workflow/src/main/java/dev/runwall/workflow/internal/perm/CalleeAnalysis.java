package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.UsesRef;
import dev.runwall.workflow.internal.model.Workflow;
import java.util.List;
import java.util.Optional;

/**
 * A job that calls a reusable workflow needs the union of what the called workflow's jobs need: what
 * each callee job declares (its own or the callee's top-level {@code permissions:}), or else what
 * its steps need.
 */
final class CalleeAnalysis {
    private final NeedsAnalyzer analyzer;
    private final JobNeeds needs;

    CalleeAnalysis(NeedsAnalyzer analyzer, JobNeeds needs) {
        this.analyzer = analyzer;
        this.needs = needs;
    }

    void call(Job caller, FileTree tree, int depth, List<String> visiting) {
        String uses = caller.uses().value();
        FileTree calleeTree;
        String path;
        switch (UsesRef.parse(uses)) {
            case UsesRef.Local l -> {
                calleeTree = tree;
                path = l.path().substring(2);
            }
            case UsesRef.Remote r -> {
                calleeTree = analyzer.remotes().tree(r);
                path = r.path();
            }
            default -> {
                needs.unknown("reusable workflow '" + uses + "' cannot be read");
                return;
            }
        }
        String id = calleeTree.name() + ":" + path;
        if (depth >= NeedsAnalyzer.maxDepth() || visiting.contains(id)) {
            needs.unknown("reusable workflow " + uses + " nests too deep or calls itself");
            return;
        }
        Optional<Workflow> callee = calleeTree.read(path).flatMap(analyzer::parse);
        if (callee.isEmpty() || callee.get().kind() != Workflow.Kind.WORKFLOW) {
            needs.unknown("reusable workflow " + uses + " is not readable"
                    + (calleeTree instanceof FileTree.Local ? "" : " (give a local checkout with --callee, or run online)"));
            return;
        }
        visiting.add(id);
        Optional<Permissions> top = Optional.ofNullable(callee.get().permissions()).flatMap(e -> Permissions.parse(e.value()));
        for (Job job : callee.get().jobs()) {
            String reason = "reusable workflow " + path + ", job '" + job.id() + "'";
            Optional<Permissions> declared = Optional.ofNullable(job.permissions()).flatMap(e -> Permissions.parse(e.value()));
            if (job.permissions() == null && declared.isEmpty()) {
                declared = top;
            }
            if (declared.isPresent()) {
                needs.grantAll(declared.get(), reason + " declares it");
            } else {
                JobNeeds inner = analyzer.analyzeCallee(callee.get(), job, calleeTree, depth + 1, visiting);
                inner.grants().forEach(g -> needs.grant(g.scope(), g.level(), reason + ": " + g.reason()));
                inner.unknowns().keySet().forEach(u -> needs.unknown(reason + ": " + u));
            }
        }
        visiting.remove(id);
    }
}
