package dev.runwall.workflow.internal.patch;

import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;

/**
 * What a text edit is meant to do to the document, stated on the original tree. The verifier applies
 * these to the original and requires the re-parsed result to match exactly.
 */
public sealed interface ExpectedChange {
    YamlNode target();

    /** The scalar keeps its style, anchor and tag; only its value changes. */
    record ScalarValue(YamlScalar target, String newValue) implements ExpectedChange {}

    /** A new entry before the original entry number {@code index} (size of the mapping = at the end). */
    record InsertEntry(YamlMapping target, int index, String key, Shape value) implements ExpectedChange {}

    /** A new item before the original item number {@code index}. */
    record InsertItem(YamlSequence target, int index, Shape item) implements ExpectedChange {}

    /** The node is replaced by a value of our own. */
    record ReplaceValue(YamlNode target, Shape value) implements ExpectedChange {}
}
