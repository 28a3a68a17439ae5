package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.model.Step;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An action that is not in the knowledge base but whose {@code action.yml} can be read (a local
 * {@code ./} action, or a remote one when its repository is available). A composite action's steps
 * are analysed like the job's own; any other action needs nothing when the job token cannot reach
 * it (no input default mentions it and the step does not pass it), and is unknown otherwise.
 */
final class ActionFileAnalysis {
    private final NeedsAnalyzer analyzer;
    private final JobNeeds needs;

    ActionFileAnalysis(NeedsAnalyzer analyzer, JobNeeds needs) {
        this.analyzer = analyzer;
        this.needs = needs;
    }

    void analyze(Step step, TokenFlow flow, JobState state, FileTree tree, String dir, String name, int depth,
            List<String> visiting, boolean remote) {
        String id = tree.name() + ":" + dir;
        if (depth >= NeedsAnalyzer.maxDepth() || visiting.contains(id)) {
            needs.unknown("action " + name + " nests too deep or calls itself");
            return;
        }
        String base = dir.isEmpty() || dir.equals(".") ? "" : dir.replaceAll("/+$", "") + "/";
        Optional<String> text = tree.read(base + "action.yml").or(() -> tree.read(base + "action.yaml"));
        Optional<Workflow> action = text.flatMap(analyzer::parse);
        if (action.isEmpty() || action.get().kind() == Workflow.Kind.WORKFLOW) {
            needs.unknown(remote ? "unknown action " + name + " (not in Runwall's knowledge base)"
                    : "local action " + name + ": no readable action.yml");
            return;
        }
        Workflow a = action.get();
        YamlMapping inputs = YamlDocument.get(a.root(), "inputs") instanceof YamlMapping m ? m : null;
        if (a.kind() == Workflow.Kind.OTHER_ACTION) {
            if (NeedsAnalyzer.carriesJobToken(step, flow) || defaultsToJobToken(inputs, flow)) {
                needs.unknown("action " + name + " receives the job token; Runwall cannot tell what it needs");
            }
            return;
        }
        visiting.add(id);
        for (Step inner : a.actionSteps()) {
            TokenFlow innerFlow = TokenFlow.of(Arrays.asList(inner.env()), input -> inputValue(step, inputs, input))
                    .with(flow.variables());
            analyzer.step(inner, innerFlow, state, needs, tree, depth + 1, visiting);
        }
        visiting.remove(id);
    }

    private static String inputValue(Step caller, YamlMapping inputs, String name) {
        String given = caller.input(name);
        if (given != null) {
            return given;
        }
        return inputs == null ? null : YamlDocument.text(YamlDocument.get(inputs, name), "default");
    }

    private static boolean defaultsToJobToken(YamlMapping inputs, TokenFlow flow) {
        if (inputs == null) {
            return false;
        }
        for (YamlMapping.Entry e : inputs.entries()) {
            String def = YamlDocument.text(YamlDocument.resolve(e.value()), "default");
            if (def != null && flow.classify(def) == TokenKind.GITHUB) {
                return true;
            }
        }
        return false;
    }
}
