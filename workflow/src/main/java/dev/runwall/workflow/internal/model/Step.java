package dev.runwall.workflow.internal.model;

import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;

/** One step of a job or composite action: a {@code uses:} or a {@code run:}. */
public record Step(int index, YamlMapping body, YamlScalar uses, YamlScalar run) {

    static Step of(int index, YamlMapping body) {
        return new Step(index, body,
                YamlDocument.get(body, "uses") instanceof YamlScalar u ? u : null,
                YamlDocument.get(body, "run") instanceof YamlScalar r ? r : null);
    }

    public UsesRef usesRef() {
        return uses == null ? null : UsesRef.parse(uses.value());
    }

    /** The step's {@code with:} mapping or null. */
    public YamlMapping with() {
        return YamlDocument.get(body, "with") instanceof YamlMapping m ? m : null;
    }

    /** The step's {@code env:} mapping or null. */
    public YamlMapping env() {
        return YamlDocument.get(body, "env") instanceof YamlMapping m ? m : null;
    }

    /** The value of input {@code name} as text, or null when not given. */
    public String input(String name) {
        return with() == null ? null : YamlDocument.text(with(), name);
    }

    /** A short label for messages: name, id, uses or the first line of run. */
    public String label() {
        String name = YamlDocument.text(body, "name");
        if (name != null) {
            return name;
        }
        if (uses != null) {
            return uses.value();
        }
        if (run != null) {
            String first = run.value().strip().lines().findFirst().orElse("");
            return "run: " + (first.length() > 40 ? first.substring(0, 40) + "…" : first);
        }
        return "step " + (index + 1);
    }

    public YamlNode node() {
        return body;
    }
}
