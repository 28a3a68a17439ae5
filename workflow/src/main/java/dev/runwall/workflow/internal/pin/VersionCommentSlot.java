package dev.runwall.workflow.internal.pin;

import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.yaml.SourceText;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlSequence;

/**
 * Where the version comment of a reference goes. In block style: right after the {@code uses:} value.
 * In flow style a comment there would swallow the rest of the line, so it goes after the outermost
 * flow collection holding the reference, when that collection ends on the reference's line and no
 * other reference shares the line (a comment must name one version). Otherwise {@link #problem()}
 * says why no version comment can be placed or checked.
 */
public final class VersionCommentSlot {
    private final int offset;
    private final TrailingComment comment;
    private final String problem;

    private VersionCommentSlot(int offset, TrailingComment comment, String problem) {
        this.offset = offset;
        this.comment = comment;
        this.problem = problem;
    }

    /** The slot for {@code node}: a {@code uses:} scalar, or a flow sequence of steps an item goes into. */
    public static VersionCommentSlot of(FileContext ctx, YamlNode node) {
        SourceText source = ctx.source();
        int line = source.lineOf(node.span().valueStart());
        YamlNode flow = outermostFlow(ctx.workflow().document().root(), node);
        int at = node.span().end();
        if (flow != null) {
            if (source.lineOf(flow.span().end()) != line) {
                return unusable("the flow collection holding it goes on after line " + line);
            }
            int references = ctx.referencesOn(line);
            if (references > 1) {
                return unusable(references + " references share line " + line + " and a comment can name one version");
            }
            at = flow.span().end();
        }
        TrailingComment comment = TrailingComment.after(source, at);
        if (comment.kind() == TrailingComment.Kind.MORE_YAML) {
            return unusable("more YAML follows on line " + line);
        }
        return new VersionCommentSlot(at, comment, null);
    }

    private static VersionCommentSlot unusable(String why) {
        return new VersionCommentSlot(-1, null, why);
    }

    public boolean usable() {
        return problem == null;
    }

    /** Where a new comment is inserted (before any comment already on the line). */
    public int offset() {
        return offset;
    }

    /** Why no version comment can go here, or null. */
    public String problem() {
        return problem;
    }

    TrailingComment comment() {
        return comment;
    }

    /** The outermost flow collection on the way from {@code root} down to {@code target} (itself included). */
    private static YamlNode outermostFlow(YamlNode root, YamlNode target) {
        YamlNode n = root;
        while (n != null) {
            if (n instanceof YamlMapping m && m.flow() || n instanceof YamlSequence s && s.flow()) {
                return n;
            }
            if (n == target) {
                return null;
            }
            n = childHolding(n, target);
        }
        return null;
    }

    private static YamlNode childHolding(YamlNode parent, YamlNode target) {
        if (parent instanceof YamlMapping m) {
            for (YamlMapping.Entry e : m.entries()) {
                if (holds(e.key(), target)) {
                    return e.key();
                }
                if (holds(e.value(), target)) {
                    return e.value();
                }
            }
        } else if (parent instanceof YamlSequence s) {
            for (YamlNode item : s.items()) {
                if (holds(item, target)) {
                    return item;
                }
            }
        }
        return null;
    }

    private static boolean holds(YamlNode node, YamlNode target) {
        return node == target
                || node.span().start() <= target.span().start() && target.span().end() <= node.span().end()
                        && node.span().start() < node.span().end();
    }
}
