package dev.runwall.workflow.internal.agent;

import dev.runwall.workflow.AgentRef;
import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RepoRefs;
import dev.runwall.workflow.Rule;
import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.Step;
import dev.runwall.workflow.internal.model.UsesRef;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.patch.CommentBlock;
import dev.runwall.workflow.internal.patch.ExpectedChange;
import dev.runwall.workflow.internal.patch.Shape;
import dev.runwall.workflow.internal.patch.TextEdit;
import dev.runwall.workflow.internal.pin.VersionCommentSlot;
import dev.runwall.workflow.internal.refs.MemoRefs;
import dev.runwall.workflow.internal.yaml.SourceText;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Adds the Runwall step, pinned and in audit mode, as the first step of every job that runs steps on
 * Linux and has no egress agent yet (Runwall or Harden-Runner).
 */
public final class AgentStepInserter {
    private static final String HARDEN_RUNNER = "step-security/harden-runner";
    private final MemoRefs refs;

    public AgentStepInserter(MemoRefs refs) {
        this.refs = refs;
    }

    /** The {@code uses:} value to write, with its version comment; or why it cannot be pinned. */
    private record Target(String uses, String comment, String problem) {}

    public void plan(FileContext ctx) {
        Workflow wf = ctx.workflow();
        if (wf.kind() != Workflow.Kind.WORKFLOW) {
            return;
        }
        AgentRef agent = ctx.options().agentRef();
        Target target = null;
        List<Job> flowInsertions = new ArrayList<>();
        for (Job job : wf.jobs()) {
            if (job.callsReusableWorkflow()) {
                ctx.report(Rule.RUNWALL_STEP_SKIPPED, "job '" + job.id() + "' calls a reusable workflow: add the Runwall step"
                        + " to the called workflow's jobs", job.key(), false);
                continue;
            }
            YamlSequence steps = job.stepsNode();
            if (steps == null || !ctx.claim(steps)) {
                continue;
            }
            Optional<String> present = existingAgent(job, agent);
            if (present.isPresent()) {
                ctx.report(Rule.RUNWALL_STEP_SKIPPED, "job '" + job.id() + "' already runs " + present.get(), job.key(), false);
                continue;
            }
            RunnerOs os = RunnerOs.of(job);
            if (os == RunnerOs.NOT_LINUX || os == RunnerOs.UNKNOWN) {
                ctx.report(Rule.RUNWALL_STEP_SKIPPED, "job '" + job.id() + "' runs on "
                        + (os == RunnerOs.UNKNOWN ? "a runner whose OS Runwall cannot tell" : "Windows or macOS")
                        + "; the Runwall agent supports Linux runners only for now", job.key(), false);
                continue;
            }
            target = target != null ? target : target(ctx, agent);
            if (target.problem() != null) {
                ctx.report(Rule.RUNWALL_STEP_MISSING, "job '" + job.id() + "' has no egress agent; not added: "
                        + target.problem(), job.key(), false);
                continue;
            }
            boolean done = insert(ctx, steps, target, os == RunnerOs.MIXED);
            ctx.report(Rule.RUNWALL_STEP_MISSING, "job '" + job.id() + "' has no egress agent"
                    + (done ? "; added " + agent + " in audit mode" : "; the steps are written in a way Runwall cannot edit"),
                    job.key(), done);
            if (done && steps.flow() && target.comment() != null) {
                ctx.addedReferenceOn(steps.span().line());
                flowInsertions.add(job);
            }
        }
        // after every insertion is counted: two steps added on one line cannot share a version comment
        for (Job job : flowInsertions) {
            flowVersionComment(ctx, job, target);
        }
    }

    private static void flowVersionComment(FileContext ctx, Job job, Target target) {
        VersionCommentSlot slot = VersionCommentSlot.of(ctx, job.stepsNode());
        if (slot.usable()) {
            ctx.patch().addCommentEdit(TextEdit.insert(slot.offset(), " # " + target.comment()));
        } else {
            ctx.report(Rule.MISSING_VERSION_COMMENT, "the Runwall step added to job '" + job.id() + "' is " + target.uses()
                    + " (" + target.comment() + "); the version comment cannot be placed: " + slot.problem(),
                    job.stepsNode(), false);
        }
    }

    private static Optional<String> existingAgent(Job job, AgentRef agent) {
        for (Step s : job.steps()) {
            if (s.usesRef() instanceof UsesRef.Remote r) {
                String key = r.repoKey();
                if (key.equals(agent.ownerRepo().toLowerCase(Locale.ROOT)) || key.equals(HARDEN_RUNNER)) {
                    return Optional.of(r.action());
                }
            }
        }
        return Optional.empty();
    }

    private Target target(FileContext ctx, AgentRef agent) {
        if (!ctx.options().pin()) {
            return new Target(agent.toString(), null, null);
        }
        try {
            RepoRefs repo = refs.refs(agent.ownerRepo());
            Optional<RepoRefs.Resolved> r = repo.resolve(agent.version());
            if (r.isEmpty()) {
                return new Target(null, null, "no tag or branch " + agent.version() + " in " + agent.ownerRepo());
            }
            return new Target(agent.ownerRepo() + "@" + r.get().sha(), r.get().comment(), null);
        } catch (RefResolutionException e) {
            return new Target(null, null, "cannot pin " + agent + ": " + e.getMessage());
        }
    }

    private static boolean insert(FileContext ctx, YamlSequence steps, Target target, boolean linuxOnly) {
        List<Shape.Field> fields = new ArrayList<>();
        fields.add(Shape.field("name", "Runwall"));
        if (linuxOnly) {
            fields.add(Shape.field("if", "runner.os == 'Linux'"));
        }
        fields.add(Shape.field("uses", target.uses()));
        fields.add(new Shape.Field("with", new Shape.Map(List.of(Shape.field("egress-policy", "audit")))));
        ExpectedChange change = new ExpectedChange.InsertItem(steps, 0, new Shape.Map(fields));
        SourceText source = ctx.source();
        if (steps.flow()) {
            String item = "{name: Runwall, " + (linuxOnly ? "if: runner.os == 'Linux', " : "") + "uses: " + target.uses()
                    + ", with: {egress-policy: audit}}" + (steps.items().isEmpty() ? ""
                            : source.lineOf(steps.items().getFirst().span().start()) == steps.span().line() ? ", " : ",");
            ctx.patch().add(change, TextEdit.insert(steps.span().valueStart() + 1, item));
            return true;
        }
        int dash = steps.span().valueStart();
        if (dash >= source.length() || source.text().charAt(dash) != '-' || !source.onlySpacesBefore(dash)) {
            return false;
        }
        int lineStart = source.lineStart(dash);
        int bom = lineStart == 0 && source.text().startsWith("\uFEFF") ? 1 : 0;
        int column = dash - lineStart - bom;
        YamlNode first = steps.items().getFirst();
        int contentOffset = first instanceof YamlMapping m && !m.flow() && source.lineOf(m.span().start()) == source.lineOf(dash)
                ? m.span().start() - dash : 2;
        String nl = ctx.newline();
        String pad = " ".repeat(column + contentOffset);
        StringBuilder text = new StringBuilder();
        text.append(" ".repeat(column)).append('-').append(" ".repeat(contentOffset - 1)).append("name: Runwall").append(nl);
        if (linuxOnly) {
            text.append(pad).append("if: runner.os == 'Linux'").append(nl);
        }
        text.append(pad).append("uses: ").append(target.uses()).append(target.comment() == null ? "" : " # " + target.comment()).append(nl);
        text.append(pad).append("with:").append(nl);
        text.append(pad).append(" ".repeat(ctx.indentUnit())).append("egress-policy: audit").append(nl);
        if (blankLineBetweenItems(source, steps)) {
            text.append(nl);
        }
        int at = CommentBlock.start(source, lineStart + bom, column);
        ctx.patch().add(change, TextEdit.insert(at, text.toString()));
        return true;
    }

    private static boolean blankLineBetweenItems(SourceText source, YamlSequence steps) {
        if (steps.items().size() < 2) {
            return false;
        }
        int secondLine = source.lineOf(steps.items().get(1).span().start());
        int prev = source.startOfLine(secondLine - 1);
        return secondLine > 1 && source.text().substring(prev, source.lineEnd(prev)).isBlank();
    }
}
