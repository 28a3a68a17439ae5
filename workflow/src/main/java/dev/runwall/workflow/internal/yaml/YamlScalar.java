package dev.runwall.workflow.internal.yaml;

/** A scalar with its style; {@code style} is one of {@link Style}. */
public record YamlScalar(String value, Style style, String anchor, String tag, Span span) implements YamlNode {
    /** How the scalar is written. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

    /** True for a plain scalar a YAML 1.2 core schema reads as null ({@code ~}, {@code null}, empty). */
    public boolean isNull() {
        return style == Style.PLAIN && tag == null
                && (value.isEmpty() || value.equals("~") || value.equals("null") || value.equals("Null") || value.equals("NULL"));
    }
}
