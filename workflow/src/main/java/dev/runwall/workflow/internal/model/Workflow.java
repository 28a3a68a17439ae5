package dev.runwall.workflow.internal.model;

import dev.runwall.workflow.WorkflowParseException;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow file ({@code jobs:}) or an action metadata file ({@code runs:}), read from a parsed
 * document without changing it.
 */
public record Workflow(YamlDocument document, YamlMapping root, Kind kind, List<Job> jobs, List<Step> actionSteps) {

    /** Which kind of file this is. */
    public enum Kind { WORKFLOW, COMPOSITE_ACTION, OTHER_ACTION }

    public static Workflow of(YamlDocument document) throws WorkflowParseException {
        if (!(document.root() instanceof YamlMapping root)) {
            throw new WorkflowParseException("a workflow or action file must be a mapping at the top level",
                    document.root().span().line(), document.root().span().column());
        }
        if (root.entry("runs") != null) {
            YamlMapping runs = YamlDocument.get(root, "runs") instanceof YamlMapping m ? m : null;
            String using = runs == null ? null : YamlDocument.text(runs, "using");
            if ("composite".equals(using)) {
                YamlSequence steps = YamlDocument.get(runs, "steps") instanceof YamlSequence s ? s : null;
                return new Workflow(document, root, Kind.COMPOSITE_ACTION, List.of(), Job.stepsOf(steps));
            }
            return new Workflow(document, root, Kind.OTHER_ACTION, List.of(), List.of());
        }
        YamlMapping.Entry jobsEntry = root.entry("jobs");
        if (jobsEntry == null || !(YamlDocument.resolve(jobsEntry.value()) instanceof YamlMapping jobsMap)) {
            throw new WorkflowParseException("no 'jobs:' mapping: not a GitHub Actions workflow or action file",
                    root.span().line(), root.span().column());
        }
        List<Job> jobs = new ArrayList<>();
        for (YamlMapping.Entry e : jobsMap.entries()) {
            if (e.key() instanceof YamlScalar key && YamlDocument.resolve(e.value()) instanceof YamlMapping body) {
                jobs.add(Job.of(key, body));
            }
        }
        return new Workflow(document, root, Kind.WORKFLOW, jobs, List.of());
    }

    /** The top-level {@code permissions:} entry or null. */
    public YamlMapping.Entry permissions() {
        return root.entry("permissions");
    }

    public YamlMapping.Entry jobsEntry() {
        return root.entry("jobs");
    }

    public YamlMapping env() {
        return YamlDocument.get(root, "env") instanceof YamlMapping m ? m : null;
    }

    /** Every step of every job, and of a composite action. */
    public List<Step> allSteps() {
        List<Step> all = new ArrayList<>(actionSteps);
        for (Job j : jobs) {
            all.addAll(j.steps());
        }
        return all;
    }
}
