package dev.runwall.workflow.internal.yaml;

import dev.runwall.workflow.WorkflowParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Builds a {@link YamlDocument} with source positions from SnakeYAML Engine's event stream. Works
 * iteratively (no recursion), bounds the nesting depth, and refuses more than one document.
 */
public final class YamlParser {
    /** Deeper than any real workflow; keeps hostile input from exhausting the stack of later passes. */
    public static final int MAX_DEPTH = 64;
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private final LoadSettings settings =
            LoadSettings.builder().setCodePointLimit(MAX_CODE_POINTS).setUseMarks(true).build();

    public YamlDocument parse(String text) throws WorkflowParseException {
        SourceText source = new SourceText(text);
        try {
            return build(source, new Parse(settings).parseString(text));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
            throw new WorkflowParseException("invalid YAML: " + firstLine(e.getProblem()), line, col, e);
        } catch (YamlEngineException e) {
            throw new WorkflowParseException("invalid YAML: " + firstLine(e.getMessage()), 0, 0, e);
        }
    }

    private YamlDocument build(SourceText source, Iterable<Event> events) throws WorkflowParseException {
        Deque<Frame> stack = new ArrayDeque<>();
        Map<String, YamlNode> anchors = new HashMap<>();
        Set<String> open = new HashSet<>();
        YamlNode root = null;
        int documents = 0;
        for (Event event : events) {
            YamlNode done = null;
            switch (event.getEventId()) {
                case DocumentStart -> {
                    if (++documents > 1) {
                        throw error(source, event, "more than one YAML document in the file");
                    }
                }
                case MappingStart, SequenceStart -> {
                    if (stack.size() >= MAX_DEPTH) {
                        throw error(source, event, "nesting deeper than " + MAX_DEPTH + " levels");
                    }
                    CollectionStartEvent start = (CollectionStartEvent) event;
                    String anchor = anchorOf(start);
                    if (anchor != null) {
                        open.add(anchor);
                    }
                    stack.push(new Frame(start, event instanceof MappingStartEvent, anchor));
                }
                case MappingEnd, SequenceEnd -> {
                    Frame f = stack.pop();
                    done = f.finish(source, event);
                    if (f.anchor != null) {
                        open.remove(f.anchor);
                    }
                }
                case Scalar -> done = scalar(source, (ScalarEvent) event);
                case Alias -> done = alias(source, (AliasEvent) event, anchors, open);
                default -> { }
            }
            if (done == null) {
                continue;
            }
            if (done.anchor() != null) {
                anchors.put(done.anchor(), done);
            }
            if (stack.isEmpty()) {
                root = done;
            } else {
                stack.peek().add(done);
            }
        }
        if (root == null) {
            throw new WorkflowParseException("the file is empty", 1, 1);
        }
        return new YamlDocument(root, source);
    }

    private static YamlScalar scalar(SourceText source, ScalarEvent e) throws WorkflowParseException {
        int start = source.charOffset(index(e.getStartMark().orElse(null)));
        int end = source.charOffset(index(e.getEndMark().orElse(null)));
        String anchor = anchorOf(e);
        String tag = e.getTag().orElse(null);
        int valueStart = (anchor == null && tag == null) ? start : skipProperties(source.text(), start, end);
        YamlScalar.Style style = switch (e.getScalarStyle()) {
            case SINGLE_QUOTED -> YamlScalar.Style.SINGLE_QUOTED;
            case DOUBLE_QUOTED -> YamlScalar.Style.DOUBLE_QUOTED;
            case LITERAL -> YamlScalar.Style.LITERAL;
            case FOLDED -> YamlScalar.Style.FOLDED;
            default -> YamlScalar.Style.PLAIN;
        };
        return new YamlScalar(e.getValue(), style, anchor, tag, span(source, start, valueStart, end));
    }

    private static YamlAlias alias(SourceText source, AliasEvent e, Map<String, YamlNode> anchors, Set<String> open)
            throws WorkflowParseException {
        String name = e.getAlias().getValue();
        YamlNode target = anchors.get(name);
        if (open.contains(name)) {
            throw error(source, e, "alias *" + name + " refers to the node that contains it");
        }
        if (target == null) {
            throw error(source, e, "alias *" + name + " has no anchor &" + name + " before it");
        }
        int start = source.charOffset(index(e.getStartMark().orElse(null)));
        int end = source.charOffset(index(e.getEndMark().orElse(null)));
        return new YamlAlias(name, target, span(source, start, start, end));
    }

    static Span span(SourceText source, int start, int valueStart, int end) {
        int v = Math.min(valueStart, end);
        return new Span(start, v, Math.max(end, v), source.lineOf(v), source.columnOf(v));
    }

    /** Skips {@code &anchor}, {@code !tag}, blanks and comments in front of a scalar's content. */
    private static int skipProperties(String text, int pos, int end) {
        int i = pos;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '&' || c == '!') {
                while (i < end && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '#') {
                while (i < end && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                break;
            }
        }
        return i;
    }

    private static String anchorOf(NodeEvent e) {
        return e.getAnchor().map(a -> a.getValue()).orElse(null);
    }

    static int index(Mark mark) {
        return mark == null ? -1 : mark.getIndex();
    }

    private static WorkflowParseException error(SourceText source, Event e, String message) {
        int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        int col = e.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
        return new WorkflowParseException(message, line, col);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A collection under construction. */
    private static final class Frame {
        final CollectionStartEvent start;
        final boolean mapping;
        final String anchor;
        final List<YamlNode> children = new ArrayList<>();

        Frame(CollectionStartEvent start, boolean mapping, String anchor) {
            this.start = start;
            this.mapping = mapping;
            this.anchor = anchor;
        }

        void add(YamlNode node) {
            children.add(node);
        }

        YamlNode finish(SourceText source, Event endEvent) throws WorkflowParseException {
            int s = source.charOffset(index(start.getStartMark().orElse(null)));
            int afterStart = source.charOffset(index(start.getEndMark().orElse(null)));
            boolean props = anchor != null || start.getTag().isPresent();
            int vs = props ? skipProperties(source.text(), s, Math.max(afterStart, s)) : s;
            int e;
            if (start.isFlow()) {
                e = source.charOffset(index(endEvent.getEndMark().orElse(null)));
            } else {
                e = children.isEmpty() ? vs : children.getLast().span().end();
            }
            Span span = span(source, s, Math.max(s, vs), Math.max(e, vs));
            String tag = start.getTag().orElse(null);
            if (!mapping) {
                return new YamlSequence(children, start.isFlow(), anchor, tag, span);
            }
            if (children.size() % 2 != 0) {
                throw error(source, endEvent, "mapping with a key and no value");
            }
            List<YamlMapping.Entry> entries = new ArrayList<>(children.size() / 2);
            for (int i = 0; i < children.size(); i += 2) {
                entries.add(new YamlMapping.Entry(children.get(i), children.get(i + 1)));
            }
            return new YamlMapping(entries, start.isFlow(), anchor, tag, span);
        }
    }
}
