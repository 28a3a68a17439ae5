package dev.runwall.workflow;

import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.agent.AgentStepInserter;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.patch.Patch;
import dev.runwall.workflow.internal.kb.ActionKnowledgeBase;
import dev.runwall.workflow.internal.patch.PatchVerifier;
import dev.runwall.workflow.internal.perm.NeedsAnalyzer;
import dev.runwall.workflow.internal.perm.PermissionPlanner;
import dev.runwall.workflow.internal.perm.RemoteTrees;
import dev.runwall.workflow.internal.pin.Pinner;
import dev.runwall.workflow.internal.refs.MemoRefs;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Hardens workflow and action files: pins references, sets minimal {@code GITHUB_TOKEN}
 * permissions, adds the Runwall step. Every change is a text edit on the original; the result is
 * re-parsed and must be the original document plus exactly the intended changes, or the file is
 * left untouched. Safe for concurrent use.
 */
public final class WorkflowHardener {
    private final SecureOptions options;
    private final Pinner pinner;
    private final PermissionPlanner permissions;
    private final AgentStepInserter agent;
    private final YamlParser parser = new YamlParser();
    private final UnaryOperator<String> editedText;

    /** A hardener that reads no other repository (remote reusable workflows stay unknown). */
    public WorkflowHardener(SecureOptions options, RefSource refs) {
        this(options, refs, RepositoryFiles.NONE);
    }

    /** A hardener that reads called workflows and unknown actions of other repositories from {@code files}. */
    public WorkflowHardener(SecureOptions options, RefSource refs, RepositoryFiles files) {
        this(options, refs, files, ImageDigests.NONE);
    }

    /** As above, and pins {@code docker://} images to the digests {@code digests} finds. */
    public WorkflowHardener(SecureOptions options, RefSource refs, RepositoryFiles files, ImageDigests digests) {
        this(options, refs, files, digests, UnaryOperator.identity());
    }

    /**
     * For tests of the refusal path: {@code editedText} changes the edited text before it is verified,
     * standing in for a pass whose text edits do not make the change it declared.
     */
    WorkflowHardener(SecureOptions options, RefSource refs, RepositoryFiles files, ImageDigests digests,
            UnaryOperator<String> editedText) {
        this.editedText = editedText;
        this.options = options;
        MemoRefs memo = new MemoRefs(refs);
        this.pinner = new Pinner(memo, digests);
        this.agent = new AgentStepInserter(memo);
        this.permissions = new PermissionPlanner(new NeedsAnalyzer(ActionKnowledgeBase.builtIn(), new RemoteTrees(files, memo)));
    }

    /**
     * Plans and verifies the changes of one file. {@code file} names it in findings; {@code path} is
     * where it lives (for reusable workflows called with {@code ./}), null when it has no place.
     */
    public HardeningResult harden(String file, Path path, String text) {
        YamlDocument document;
        Workflow workflow;
        try {
            document = parser.parse(text);
            workflow = Workflow.of(document);
        } catch (WorkflowParseException e) {
            Finding f = new Finding(Rule.INVALID_WORKFLOW, Severity.ERROR, e.getMessage(), file, e.line(), e.column(), false);
            return new HardeningResult(file, text, text, List.of(f), HardeningResult.Outcome.INVALID);
        }
        FileContext ctx = new FileContext(file, path, workflow, options);
        if (options.agent()) {
            agent.plan(ctx); // first: a step it adds in flow style shares a line with references the pinner comments
        }
        if (workflow.kind() != Workflow.Kind.OTHER_ACTION) {
            pinner.plan(ctx);
        }
        if (options.permissions()) {
            permissions.plan(ctx);
        }
        return finish(ctx, document, text);
    }

    private HardeningResult finish(FileContext ctx, YamlDocument original, String text) {
        ctx.findings().sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
        Patch patch = ctx.patch();
        if (patch.isEmpty()) {
            return new HardeningResult(ctx.file(), text, text, ctx.findings(), HardeningResult.Outcome.UNCHANGED);
        }
        Optional<String> problem = patch.conflict();
        String updated = null;
        if (problem.isEmpty()) {
            updated = editedText.apply(patch.apply(text));
            problem = verify(original, patch, updated);
        }
        if (problem.isPresent()) {
            List<Finding> findings = new ArrayList<>();
            for (Finding f : ctx.findings()) {
                findings.add(f.withFixed(false));
            }
            findings.add(new Finding(Rule.EDIT_REFUSED, Severity.ERROR, "file left untouched: " + problem.get()
                    + " (a bug in runwall; please report it with the file)", ctx.file(), 0, 0, false));
            return new HardeningResult(ctx.file(), text, text, findings, HardeningResult.Outcome.REFUSED);
        }
        return new HardeningResult(ctx.file(), text, updated, ctx.findings(), HardeningResult.Outcome.CHANGED);
    }

    private Optional<String> verify(YamlDocument original, Patch patch, String updated) {
        YamlDocument reparsed;
        try {
            reparsed = parser.parse(updated);
        } catch (WorkflowParseException e) {
            return Optional.of("the edited text does not parse (" + e.getMessage() + " at line " + e.line() + ")");
        }
        return new PatchVerifier().verify(original.root(), patch.changes(), reparsed.root());
    }
}
