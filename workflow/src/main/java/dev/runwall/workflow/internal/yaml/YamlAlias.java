package dev.runwall.workflow.internal.yaml;

/** An alias ({@code *name}) and the node it refers to (anchored earlier in the document). */
public record YamlAlias(String name, YamlNode target, Span span) implements YamlNode {
    @Override
    public String anchor() {
        return null;
    }

    @Override
    public String tag() {
        return null;
    }

    /** The target with aliases followed: never an alias itself. */
    public YamlNode resolved() {
        YamlNode n = target;
        while (n instanceof YamlAlias a) {
            n = a.target();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "*" + name + "@" + span.line() + ":" + span.column();
    }
}
