package dev.runwall.workflow.internal.model;

import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;

/** A job: either runs steps, or calls a reusable workflow ({@code uses:} at job level). */
public record Job(String id, YamlScalar key, YamlMapping body, YamlSequence stepsNode, List<Step> steps) {

    static Job of(YamlScalar key, YamlMapping body) {
        YamlSequence seq = YamlDocument.get(body, "steps") instanceof YamlSequence s ? s : null;
        return new Job(key.value(), key, body, seq, stepsOf(seq));
    }

    static List<Step> stepsOf(YamlSequence seq) {
        List<Step> steps = new ArrayList<>();
        if (seq != null) {
            for (int i = 0; i < seq.items().size(); i++) {
                if (YamlDocument.resolve(seq.items().get(i)) instanceof YamlMapping m) {
                    steps.add(Step.of(i, m));
                }
            }
        }
        return steps;
    }

    /** The job-level {@code uses:} of a reusable-workflow call, or null. */
    public YamlScalar uses() {
        return YamlDocument.get(body, "uses") instanceof YamlScalar s ? s : null;
    }

    public boolean callsReusableWorkflow() {
        return uses() != null;
    }

    /** The job's {@code permissions:} entry or null. */
    public YamlMapping.Entry permissions() {
        return body.entry("permissions");
    }

    public YamlNode runsOn() {
        return YamlDocument.get(body, "runs-on");
    }

    public YamlMapping env() {
        return YamlDocument.get(body, "env") instanceof YamlMapping m ? m : null;
    }

    public YamlMapping with() {
        return YamlDocument.get(body, "with") instanceof YamlMapping m ? m : null;
    }
}
