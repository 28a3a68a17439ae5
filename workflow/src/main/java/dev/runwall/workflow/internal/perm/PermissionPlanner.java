package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.Rule;
import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sets minimal {@code GITHUB_TOKEN} permissions: {@code contents: read} (or {@code {}}) at the top,
 * and each job's own needs where they differ. Never widens what a file grants; a job whose needs are
 * not fully known is left exactly as it was (and, if it inherits the top level, so is the top level).
 */
public final class PermissionPlanner {
    private static final Permissions CONTENTS_READ = Permissions.of(Scope.CONTENTS, Level.READ);
    private final NeedsAnalyzer analyzer;

    public PermissionPlanner(NeedsAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    private record Analysed(Job job, JobNeeds needs) {}

    public void plan(FileContext ctx) {
        Workflow wf = ctx.workflow();
        if (wf.kind() != Workflow.Kind.WORKFLOW) {
            return;
        }
        FileTree tree = FileTree.containing(ctx.path());
        List<Analysed> jobs = new ArrayList<>();
        for (Job job : wf.jobs()) {
            jobs.add(new Analysed(job, analyzer.analyze(wf, job, tree)));
        }
        reportUnknowns(ctx, jobs);
        boolean anyContents = jobs.stream().anyMatch(a -> a.needs.complete()
                && a.needs.permissions().level(Scope.CONTENTS) != Level.NONE);
        Permissions wanted = anyContents ? CONTENTS_READ : Permissions.NONE;
        List<String> blocking = jobs.stream().filter(a -> !a.needs.complete() && a.job.permissions() == null)
                .map(a -> "'" + a.job.id() + "'").toList();
        PermissionsEdits edits = new PermissionsEdits(ctx);
        Top top = planTop(ctx, wf, wanted, blocking, edits);
        for (Analysed a : jobs) {
            if (a.needs.complete() && ctx.claim(a.job.body())) {
                planJob(ctx, a.job, a.needs, top, edits);
            }
        }
    }

    /** The top level before and after: {@code before} empty when absent, {@code unreadable} when not ours to read. */
    private record Top(boolean present, boolean unreadable, Permissions before, Permissions after) {}

    private Top planTop(FileContext ctx, Workflow wf, Permissions wanted, List<String> blocking, PermissionsEdits edits) {
        YamlMapping.Entry entry = wf.permissions();
        String blockers = String.join(", ", blocking);
        if (entry == null) {
            YamlNode at = wf.jobsEntry().key();
            if (!blocking.isEmpty()) {
                ctx.report(Rule.MISSING_PERMISSIONS, "no top-level permissions; not added because job(s) " + blockers
                        + " use actions or commands whose needs are unknown", at, false);
                return new Top(false, false, Permissions.ALL, Permissions.ALL);
            }
            boolean done = edits.insert(wf.root(), wf.root().indexOf(wf.jobsEntry()), wanted, null, true);
            ctx.report(Rule.MISSING_PERMISSIONS, "no top-level permissions: the token gets the repository default"
                    + (done ? "; set to " + PermissionsEdits.flow(wanted) : ""), at, done);
            return done ? new Top(false, false, Permissions.ALL, wanted) : new Top(false, false, Permissions.ALL, Permissions.ALL);
        }
        Optional<Permissions> current = Permissions.parse(entry.value());
        if (current.isEmpty()) {
            return new Top(true, true, Permissions.NONE, Permissions.NONE);
        }
        Permissions narrowed = current.get().intersect(wanted);
        if (narrowed.equals(current.get())) {
            return new Top(true, false, current.get(), current.get());
        }
        String message = "top-level permissions grant " + current.get().minus(narrowed) + " that the workflow's jobs do not all need";
        if (!blocking.isEmpty() || !edits.narrow(wf.root(), entry, narrowed, null)) {
            ctx.report(Rule.EXCESSIVE_PERMISSIONS, message + (blocking.isEmpty() ? "" : "; left as is because job(s) "
                    + blockers + " inherit them and their needs are unknown"), entry.key(), false);
            return new Top(true, false, current.get(), current.get());
        }
        ctx.report(Rule.EXCESSIVE_PERMISSIONS, message + "; narrowed to " + PermissionsEdits.flow(narrowed)
                + " and jobs that need more get their own", entry.key(), true);
        return new Top(true, false, current.get(), narrowed);
    }

    private void planJob(FileContext ctx, Job job, JobNeeds needs, Top top, PermissionsEdits edits) {
        Permissions need = needs.permissions();
        YamlMapping.Entry own = job.permissions();
        if (own != null) {
            Optional<Permissions> current = Permissions.parse(own.value());
            if (current.isEmpty()) {
                return;
            }
            reportMissing(ctx, job, needs, current.get(), own.key());
            Permissions target = need.intersect(current.get());
            if (!target.equals(current.get())) {
                boolean done = edits.narrow(job.body(), own, target, needs);
                ctx.report(Rule.EXCESSIVE_PERMISSIONS, "job '" + job.id() + "' grants " + current.get().minus(target)
                        + " it does not need" + (done ? "; narrowed to " + PermissionsEdits.flow(target) : ""), own.key(), done);
            }
            return;
        }
        if (top.unreadable()) {
            return;
        }
        Permissions before = top.present() ? top.before() : Permissions.ALL;
        if (top.present()) {
            reportMissing(ctx, job, needs, before, job.key());
        }
        Permissions target = need.intersect(before);
        if (target.equals(top.after())) {
            return;
        }
        int at = indexOfFirst(job.body(), Set.of("steps", "uses"));
        boolean done = at >= 0 && edits.insert(job.body(), at, target, needs, false);
        ctx.report(Rule.MISSING_PERMISSIONS, "job '" + job.id() + "' has no permissions of its own"
                + (done ? "; set to " + PermissionsEdits.flow(target) : "; it needs " + PermissionsEdits.flow(target)), job.key(), done);
    }

    private static void reportMissing(FileContext ctx, Job job, JobNeeds needs, Permissions granted, YamlNode at) {
        Permissions missing = needs.permissions().minus(granted);
        if (!missing.isEmpty()) {
            StringBuilder why = new StringBuilder();
            missing.ordered().keySet().forEach(s -> why.append(why.isEmpty() ? "" : "; ").append(s.key()).append(": ").append(needs.reason(s)));
            ctx.report(Rule.MISSING_PERMISSIONS, "job '" + job.id() + "' needs " + missing + " (" + why
                    + ") but is not granted it; Runwall never widens permissions, add it by hand if the job fails", at, false);
        }
    }

    private static void reportUnknowns(FileContext ctx, List<Analysed> jobs) {
        Set<String> seen = new HashSet<>();
        for (Analysed a : jobs) {
            for (Map.Entry<String, YamlNode> u : a.needs.unknowns().entrySet()) {
                YamlNode at = u.getValue() == null ? a.job.key() : u.getValue();
                if (seen.add(u.getKey() + "@" + at.span().start())) {
                    ctx.report(Rule.UNKNOWN_ACTION, "job '" + a.job.id() + "': " + u.getKey()
                            + "; the job's permissions are left as they are", at, false);
                }
            }
        }
    }

    private static int indexOfFirst(YamlMapping m, Set<String> keys) {
        for (int i = 0; i < m.entries().size(); i++) {
            if (m.entries().get(i).key() instanceof dev.runwall.workflow.internal.yaml.YamlScalar s && keys.contains(s.value())) {
                return i;
            }
        }
        return -1;
    }
}
