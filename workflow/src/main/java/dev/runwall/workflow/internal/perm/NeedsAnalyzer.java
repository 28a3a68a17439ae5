package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.WorkflowParseException;
import dev.runwall.workflow.internal.kb.ActionInfo;
import dev.runwall.workflow.internal.kb.ActionKnowledgeBase;
import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.Step;
import dev.runwall.workflow.internal.model.UsesRef;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlParser;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Computes what each job needs from {@code GITHUB_TOKEN}: its actions (knowledge base, local and
 * readable remote action files), its {@code run:} scripts, the reusable workflow it calls, and
 * registry credentials of its containers.
 */
public final class NeedsAnalyzer {
    private static final int MAX_DEPTH = 4;
    private final ActionKnowledgeBase kb;
    private final RemoteTrees remotes;
    private final YamlParser parser = new YamlParser();

    public NeedsAnalyzer(ActionKnowledgeBase kb, RemoteTrees remotes) {
        this.kb = kb;
        this.remotes = remotes;
    }

    /** What {@code job} of {@code workflow} (which lives in {@code tree}) needs. */
    public JobNeeds analyze(Workflow workflow, Job job, FileTree tree) {
        return analyze(workflow, job, tree, 0, new ArrayList<>());
    }

    private JobNeeds analyze(Workflow workflow, Job job, FileTree tree, int depth, List<String> visiting) {
        JobNeeds needs = new JobNeeds();
        needs.at(job.key());
        if (job.uses() != null) {
            new CalleeAnalysis(this, needs).call(job, tree, depth, visiting);
            return needs;
        }
        registryCredentials(workflow, job, needs);
        JobState state = new JobState();
        for (Step step : job.steps()) {
            needs.at(step.body());
            TokenFlow flow = TokenFlow.of(Arrays.asList(workflow.env(), job.env(), step.env()))
                    .with(state.exported());
            step(step, flow, state, needs, tree, depth, visiting);
        }
        return needs;
    }

    /** A step of a job or of a composite action. */
    void step(Step step, TokenFlow flow, JobState state, JobNeeds needs, FileTree tree, int depth, List<String> visiting) {
        String label = "step '" + step.label() + "'";
        if (step.run() != null) {
            String shell = YamlDocument.text(step.body(), "shell");
            if (shell != null && !shell.matches("(bash|sh)(\\s.*)?") && carriesJobToken(step, flow)) {
                needs.unknown("the job token is passed to a " + shell + " script in " + label);
            } else {
                new RunScriptAnalyzer(label, flow, state, needs).analyze(step.run().value());
            }
        }
        UsesRef ref = step.usesRef();
        switch (ref) {
            case null -> { }
            case UsesRef.Remote r -> {
                Optional<ActionInfo> info = kb.lookup(r.action());
                if (info.isPresent()) {
                    ActionStepAnalyzer.analyze(info.get(), step, flow, state, needs, r.action());
                } else {
                    FileTree remote = remotes.tree(r);
                    new ActionFileAnalysis(this, needs).analyze(step, flow, state, remote, r.path(),
                            r.action(), depth, visiting, true);
                }
            }
            case UsesRef.Local l -> {
                String dir = l.path().length() > 2 ? l.path().substring(2) : "";
                new ActionFileAnalysis(this, needs).analyze(step, flow, state, tree, dir, l.path(), depth, visiting, false);
            }
            case UsesRef.Docker d -> {
                if (carriesJobToken(step, flow)) {
                    needs.unknown("the job token is passed to the container docker://" + d.image() + " in " + label);
                }
            }
            case UsesRef.Invalid i -> needs.unknown("'uses: " + i.text() + "' cannot be analysed");
        }
    }

    JobNeeds analyzeCallee(Workflow callee, Job job, FileTree tree, int depth, List<String> visiting) {
        return analyze(callee, job, tree, depth, visiting);
    }

    Optional<Workflow> parse(String text) {
        try {
            return Optional.of(Workflow.of(parser.parse(text)));
        } catch (WorkflowParseException e) {
            return Optional.empty();
        }
    }

    RemoteTrees remotes() {
        return remotes;
    }

    static int maxDepth() {
        return MAX_DEPTH;
    }

    /** True when a {@code with:} or {@code env:} value of the step carries the job token. */
    static boolean carriesJobToken(Step step, TokenFlow flow) {
        for (YamlMapping m : new YamlMapping[] {step.with(), step.env()}) {
            if (m == null) {
                continue;
            }
            for (YamlMapping.Entry e : m.entries()) {
                if (YamlDocument.resolve(e.value()) instanceof YamlScalar v && flow.classify(v.value()) == TokenKind.GITHUB) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void registryCredentials(Workflow workflow, Job job, JobNeeds needs) {
        List<YamlNode> containers = new ArrayList<>();
        containers.add(YamlDocument.get(job.body(), "container"));
        if (YamlDocument.get(job.body(), "services") instanceof YamlMapping services) {
            services.entries().forEach(e -> containers.add(YamlDocument.resolve(e.value())));
        }
        TokenFlow flow = TokenFlow.of(Arrays.asList(workflow.env(), job.env()));
        for (YamlNode c : containers) {
            String password = YamlDocument.text(YamlDocument.get(c, "credentials"), "password");
            if (password != null && flow.classify(password) == TokenKind.GITHUB) {
                needs.grant(Scope.PACKAGES, Level.READ, "container image pulled with the job token");
            }
        }
    }

}
