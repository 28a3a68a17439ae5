package dev.runwall.workflow.internal.patch;

import java.util.List;

/** The value of YAML text we write ourselves, as the re-parsed document must show it. */
public sealed interface Shape {
    /** A scalar with this exact value. */
    record Scalar(String value) implements Shape {}

    /** A mapping with exactly these entries, in this order. */
    record Map(List<Field> fields) implements Shape {
        public Map {
            fields = List.copyOf(fields);
        }
    }

    /** A sequence with exactly these items. */
    record Seq(List<Shape> items) implements Shape {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /** One entry of a {@link Map}. */
    record Field(String key, Shape value) {}

    static Field field(String key, String value) {
        return new Field(key, new Scalar(value));
    }
}
