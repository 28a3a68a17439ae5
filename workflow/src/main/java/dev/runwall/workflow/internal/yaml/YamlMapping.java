package dev.runwall.workflow.internal.yaml;

import java.util.List;

/** A mapping in block or flow style, entries in document order. */
public record YamlMapping(List<Entry> entries, boolean flow, String anchor, String tag, Span span) implements YamlNode {
    public YamlMapping {
        entries = List.copyOf(entries);
    }

    /** One {@code key: value} pair. */
    public record Entry(YamlNode key, YamlNode value) {}

    /** The first entry whose key is the plain text {@code key}, or null. */
    public Entry entry(String key) {
        for (Entry e : entries) {
            if (e.key() instanceof YamlScalar s && s.value().equals(key)) {
                return e;
            }
        }
        return null;
    }

    /** Index of the entry in this mapping, by identity; -1 when absent. */
    public int indexOf(Entry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == entry) {
                return i;
            }
        }
        return -1;
    }
}
