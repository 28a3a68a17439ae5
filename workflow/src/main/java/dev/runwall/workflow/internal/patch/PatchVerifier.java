package dev.runwall.workflow.internal.patch;

import dev.runwall.workflow.internal.yaml.YamlAlias;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that a patched document is the original document with exactly the expected changes: same
 * kinds, values, scalar styles, flow/block styles, anchors, tags and aliases everywhere else.
 */
public final class PatchVerifier {

    /** The first difference found, described with its path; empty when the documents agree. */
    public Optional<String> verify(YamlNode original, List<ExpectedChange> changes, YamlNode patched) {
        Map<YamlNode, List<ExpectedChange>> byTarget = new IdentityHashMap<>();
        for (ExpectedChange c : changes) {
            byTarget.computeIfAbsent(c.target(), k -> new ArrayList<>()).add(c);
        }
        return Optional.ofNullable(compare(original, patched, byTarget, "$"));
    }

    private String compare(YamlNode orig, YamlNode now, Map<YamlNode, List<ExpectedChange>> changes, String path) {
        List<ExpectedChange> mine = changes.getOrDefault(orig, List.of());
        for (ExpectedChange c : mine) {
            if (c instanceof ExpectedChange.ReplaceValue r) {
                return matchShape(r.value(), now, path);
            }
        }
        if (orig.getClass() != now.getClass()) {
            return path + ": expected a " + kind(orig) + ", found a " + kind(now);
        }
        if (!Objects.equals(orig.anchor(), now.anchor()) || !Objects.equals(orig.tag(), now.tag())) {
            return path + ": anchor or tag changed";
        }
        return switch (orig) {
            case YamlScalar s -> compareScalar(s, (YamlScalar) now, mine, path);
            case YamlAlias a -> a.name().equals(((YamlAlias) now).name()) ? null : path + ": alias changed";
            case YamlMapping m -> compareMapping(m, (YamlMapping) now, mine, changes, path);
            case YamlSequence q -> compareSequence(q, (YamlSequence) now, mine, changes, path);
        };
    }

    private static String compareScalar(YamlScalar orig, YamlScalar now, List<ExpectedChange> mine, String path) {
        String expected = orig.value();
        for (ExpectedChange c : mine) {
            if (c instanceof ExpectedChange.ScalarValue v) {
                expected = v.newValue();
            }
        }
        if (!expected.equals(now.value())) {
            return path + ": expected \"" + expected + "\", found \"" + now.value() + "\"";
        }
        return orig.style() == now.style() ? null : path + ": scalar style changed";
    }

    private String compareMapping(YamlMapping orig, YamlMapping now, List<ExpectedChange> mine,
            Map<YamlNode, List<ExpectedChange>> changes, String path) {
        if (orig.flow() != now.flow()) {
            return path + ": flow/block style changed";
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i <= orig.entries().size(); i++) {
            for (ExpectedChange c : mine) {
                if (c instanceof ExpectedChange.InsertEntry ins && ins.index() == i) {
                    expected.add(new Shape.Field(ins.key(), ins.value()));
                }
            }
            if (i < orig.entries().size()) {
                expected.add(orig.entries().get(i));
            }
        }
        if (expected.size() != now.entries().size()) {
            return path + ": expected " + expected.size() + " entries, found " + now.entries().size();
        }
        for (int i = 0; i < expected.size(); i++) {
            YamlMapping.Entry actual = now.entries().get(i);
            String sub = path + "." + keyText(actual.key());
            String diff = switch (expected.get(i)) {
                case Shape.Field f -> firstNonNull(matchShape(new Shape.Scalar(f.key()), actual.key(), sub),
                        matchShape(f.value(), actual.value(), sub));
                case YamlMapping.Entry e -> firstNonNull(compare(e.key(), actual.key(), changes, sub),
                        compare(e.value(), actual.value(), changes, sub));
                default -> throw new IllegalStateException();
            };
            if (diff != null) {
                return diff;
            }
        }
        return null;
    }

    private String compareSequence(YamlSequence orig, YamlSequence now, List<ExpectedChange> mine,
            Map<YamlNode, List<ExpectedChange>> changes, String path) {
        if (orig.flow() != now.flow()) {
            return path + ": flow/block style changed";
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i <= orig.items().size(); i++) {
            for (ExpectedChange c : mine) {
                if (c instanceof ExpectedChange.InsertItem ins && ins.index() == i) {
                    expected.add(ins.item());
                }
            }
            if (i < orig.items().size()) {
                expected.add(orig.items().get(i));
            }
        }
        if (expected.size() != now.items().size()) {
            return path + ": expected " + expected.size() + " items, found " + now.items().size();
        }
        for (int i = 0; i < expected.size(); i++) {
            String sub = path + "[" + i + "]";
            String diff = expected.get(i) instanceof Shape s
                    ? matchShape(s, now.items().get(i), sub)
                    : compare((YamlNode) expected.get(i), now.items().get(i), changes, sub);
            if (diff != null) {
                return diff;
            }
        }
        return null;
    }

    /** Compares text we wrote: values and structure only (we chose its style). */
    private static String matchShape(Shape shape, YamlNode node, String path) {
        switch (shape) {
            case Shape.Scalar s -> {
                if (node instanceof YamlScalar n && n.value().equals(s.value()) && n.anchor() == null && n.tag() == null) {
                    return null;
                }
                return path + ": expected \"" + s.value() + "\"";
            }
            case Shape.Map m -> {
                if (!(node instanceof YamlMapping n) || n.entries().size() != m.fields().size() || n.anchor() != null) {
                    return path + ": expected a mapping of " + m.fields().size() + " entries";
                }
                for (int i = 0; i < m.fields().size(); i++) {
                    Shape.Field f = m.fields().get(i);
                    YamlMapping.Entry e = n.entries().get(i);
                    String diff = firstNonNull(matchShape(new Shape.Scalar(f.key()), e.key(), path),
                            matchShape(f.value(), e.value(), path + "." + f.key()));
                    if (diff != null) {
                        return diff;
                    }
                }
                return null;
            }
            case Shape.Seq q -> {
                if (!(node instanceof YamlSequence n) || n.items().size() != q.items().size() || n.anchor() != null) {
                    return path + ": expected a sequence of " + q.items().size() + " items";
                }
                for (int i = 0; i < q.items().size(); i++) {
                    String diff = matchShape(q.items().get(i), n.items().get(i), path + "[" + i + "]");
                    if (diff != null) {
                        return diff;
                    }
                }
                return null;
            }
        }
    }

    private static String keyText(YamlNode key) {
        return key instanceof YamlScalar s ? s.value() : "?";
    }

    private static String kind(YamlNode n) {
        return switch (n) {
            case YamlScalar s -> "scalar";
            case YamlMapping m -> "mapping";
            case YamlSequence s -> "sequence";
            case YamlAlias a -> "alias";
        };
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
