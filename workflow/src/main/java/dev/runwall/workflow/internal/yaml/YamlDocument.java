package dev.runwall.workflow.internal.yaml;

/** One parsed YAML document: its root node and the text it came from. */
public record YamlDocument(YamlNode root, SourceText source) {

    /** The node itself, or the node an alias refers to. */
    public static YamlNode resolve(YamlNode node) {
        return node instanceof YamlAlias a ? a.resolved() : node;
    }

    /** The value under {@code key} in {@code node} (aliases followed), or null when absent or not a mapping. */
    public static YamlNode get(YamlNode node, String key) {
        if (resolve(node) instanceof YamlMapping m) {
            YamlMapping.Entry e = m.entry(key);
            return e == null ? null : resolve(e.value());
        }
        return null;
    }

    /** The plain text of a scalar value under {@code key}, or null. */
    public static String text(YamlNode node, String key) {
        return get(node, key) instanceof YamlScalar s ? s.value() : null;
    }
}
