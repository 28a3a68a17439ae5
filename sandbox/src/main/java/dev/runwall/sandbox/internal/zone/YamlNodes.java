package dev.runwall.sandbox.internal.zone;

import dev.runwall.sandbox.ZoneException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed access to the YAML node tree of a zone file: every accessor checks the node's shape and
 * fails with a {@link ZoneException} at the node's line, so the reader never casts or guesses.
 */
final class YamlNodes {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,12}");
    private final String source;

    YamlNodes(String source) {
        this.source = source;
    }

    /** The 1-based line where the node starts. */
    int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    ZoneException error(Node node, String problem) {
        return new ZoneException(source, line(node), problem);
    }

    ZoneException error(Node node, RuleViolation violation) {
        return error(node, violation.getMessage());
    }

    boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    /**
     * The fields of a mapping, each key a known name; an unknown or repeated key is an error that lists
     * the known ones.
     */
    Map<String, Node> fields(Node node, String what, Set<String> known) throws ZoneException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping with the keys " + String.join(", ", known));
        }
        var fields = new LinkedHashMap<String, Node>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !known.contains(key.getValue())) {
                String shown = keyNode instanceof ScalarNode s ? "'" + ZoneRules.shorten(s.getValue()) + "'" : "a non-text key";
                throw error(keyNode, "unknown key " + shown + " in " + what + ": use " + String.join(", ", known));
            }
            if (fields.put(key.getValue(), tuple.getValueNode()) != null) {
                throw error(keyNode, "'" + key.getValue() + "' appears twice in " + what + ": keep one");
            }
        }
        return fields;
    }

    /** The items of a sequence; a missing or null value is an empty sequence. */
    List<Node> sequence(Node node, String what) throws ZoneException {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, what + " must be a list (items starting with '- ')");
        }
        return sequence.getValue();
    }

    /** A single scalar or a list of scalars (e.g. {@code tcp: 443} or {@code tcp: [80, 443]}). */
    List<ScalarNode> scalars(Node node, String what) throws ZoneException {
        if (node == null || isNull(node)) {
            return List.of();
        }
        var out = new ArrayList<ScalarNode>();
        for (Node item : node instanceof SequenceNode s ? s.getValue() : List.of(node)) {
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                throw error(item, what + " must be a value or a list of values");
            }
            out.add(scalar);
        }
        return out;
    }

    ScalarNode requiredScalar(Map<String, Node> fields, String key, Node owner, String what) throws ZoneException {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            throw error(node == null ? owner : node, what + " needs '" + key + "'");
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, "'" + key + "' of " + what + " must be a single value");
        }
        return scalar;
    }

    String text(ScalarNode node) {
        return node.getValue();
    }

    long integer(ScalarNode node, String what) throws ZoneException {
        String value = node.getValue().replace("_", "");
        if (!INTEGER.matcher(value).matches()) {
            throw error(node, what + " must be a whole number, not '" + ZoneRules.shorten(node.getValue()) + "'");
        }
        return Long.parseLong(value);
    }

    /** The integer at {@code key}, or the default when the key is absent. */
    long integer(Map<String, Node> fields, String key, long defaultValue, String what) throws ZoneException {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return defaultValue;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, key + " of " + what + " must be a number");
        }
        return integer(scalar, key + " of " + what);
    }
}
