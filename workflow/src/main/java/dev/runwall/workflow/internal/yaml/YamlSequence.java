package dev.runwall.workflow.internal.yaml;

import java.util.List;

/** A sequence in block or flow style. */
public record YamlSequence(List<YamlNode> items, boolean flow, String anchor, String tag, Span span) implements YamlNode {
    public YamlSequence {
        items = List.copyOf(items);
    }
}
