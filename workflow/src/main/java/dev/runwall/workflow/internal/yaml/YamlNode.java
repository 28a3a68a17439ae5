package dev.runwall.workflow.internal.yaml;

/**
 * A node of a YAML document as written: values, styles, anchors and positions, aliases kept as
 * aliases (never expanded, so a hostile document cannot blow up in memory).
 */
public sealed interface YamlNode permits YamlScalar, YamlMapping, YamlSequence, YamlAlias {
    Span span();

    /** The anchor name ({@code &name}) or null. */
    String anchor();

    /** The explicit tag or null. */
    String tag();
}
