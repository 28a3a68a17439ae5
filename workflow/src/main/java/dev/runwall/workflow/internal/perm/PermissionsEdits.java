package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.patch.CommentBlock;
import dev.runwall.workflow.internal.patch.ExpectedChange;
import dev.runwall.workflow.internal.patch.ScalarText;
import dev.runwall.workflow.internal.patch.Shape;
import dev.runwall.workflow.internal.patch.TextEdit;
import dev.runwall.workflow.internal.yaml.SourceText;
import dev.runwall.workflow.internal.yaml.YamlAlias;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code permissions:} blocks as text edits in the file's own style: block or flow, its
 * indentation and line endings; narrows existing block mappings entry by entry so that comments on
 * the lines that stay are kept.
 */
final class PermissionsEdits {
    private final FileContext ctx;
    private final SourceText source;

    PermissionsEdits(FileContext ctx) {
        this.ctx = ctx;
        this.source = ctx.source();
    }

    /** Adds {@code permissions:} to {@code mapping} before its entry number {@code before}; false if it cannot. */
    boolean insert(YamlMapping mapping, int before, Permissions p, JobNeeds reasons, boolean topLevel) {
        YamlNode key = mapping.entries().get(before).key();
        Shape shape = shape(p);
        if (mapping.flow()) {
            ctx.patch().add(new ExpectedChange.InsertEntry(mapping, before, "permissions", shape),
                    TextEdit.insert(key.span().start(), "permissions: " + flow(p) + ", "));
            return true;
        }
        int keyStart = key.span().start();
        if (!source.onlySpacesBefore(keyStart)) {
            return false;
        }
        int at = CommentBlock.start(source, source.lineStart(keyStart), keyStart - skipBom(source.lineStart(keyStart)));
        at = skipBom(at);
        String indent = " ".repeat(keyStart - skipBom(source.lineStart(keyStart)));
        String nl = ctx.newline();
        StringBuilder text = new StringBuilder();
        if (p.isEmpty()) {
            text.append(indent).append("permissions: {}").append(nl);
        } else {
            text.append(indent).append("permissions:").append(nl);
            appendLines(text, p, indent + " ".repeat(ctx.indentUnit()), reasons, nl);
        }
        if (topLevel && at > 0 && isBlankLine(at - 1)) {
            text.append(nl);
        }
        ctx.patch().add(new ExpectedChange.InsertEntry(mapping, before, "permissions", shape), TextEdit.insert(at, text.toString()));
        return true;
    }

    /** Narrows an existing {@code permissions:} value from {@code current} to {@code target}; false if it cannot. */
    boolean narrow(YamlMapping parent, YamlMapping.Entry entry, Permissions target, JobNeeds reasons) {
        YamlNode value = entry.value();
        if (value instanceof YamlAlias || value.anchor() != null) {
            return false; // shared through an anchor: changing it would change the other users too
        }
        if (value instanceof YamlMapping m && !m.flow() && !m.entries().isEmpty()) {
            return narrowBlock(entry, m, target);
        }
        if (parent.flow() || value instanceof YamlMapping) {
            ctx.patch().add(new ExpectedChange.ReplaceValue(value, shape(target)),
                    new TextEdit(value.span().valueStart(), value.span().end(), flow(target)));
            return true;
        }
        if (target.isEmpty()) {
            ctx.patch().add(new ExpectedChange.ReplaceValue(value, shape(target)),
                    new TextEdit(value.span().valueStart(), value.span().end(), "{}"));
            return true;
        }
        int keyStart = entry.key().span().start();
        if (!source.onlySpacesBefore(keyStart) || source.lineOf(value.span().valueStart()) != source.lineOf(keyStart)) {
            return false;
        }
        String indent = " ".repeat(keyStart - skipBom(source.lineStart(keyStart)) + ctx.indentUnit());
        StringBuilder text = new StringBuilder(":");
        String nl = ctx.newline();
        text.append(nl);
        appendLines(text, target, indent, reasons, nl);
        text.setLength(text.length() - nl.length());
        ctx.patch().add(new ExpectedChange.ReplaceValue(value, shape(target)),
                new TextEdit(entry.key().span().end(), value.span().end(), text.toString()));
        return true;
    }

    private boolean narrowBlock(YamlMapping.Entry entry, YamlMapping m, Permissions target) {
        List<TextEdit> edits = new ArrayList<>();
        List<Shape.Field> kept = new ArrayList<>();
        for (YamlMapping.Entry e : m.entries()) {
            if (!(e.key() instanceof YamlScalar k) || !(e.value() instanceof YamlScalar v)) {
                return false;
            }
            Scope scope = Scope.of(k.value());
            Level now = Level.of(v.value());
            Level want = target.level(scope);
            if (scope == Scope.ID_TOKEN && now == Level.READ) {
                want = Level.READ; // "id-token: read" grants nothing; leave it as written
            }
            if (want == now || now == Level.NONE) {
                kept.add(Shape.field(k.value(), v.value()));
            } else if (want == Level.NONE) {
                int start = source.lineStart(k.span().start());
                if (!source.onlySpacesBefore(k.span().start()) || source.lineOf(v.span().end()) != source.lineOf(start)) {
                    return false;
                }
                edits.add(new TextEdit(start, source.nextLineStart(v.span().end()), ""));
            } else {
                String written = ScalarText.render(v.style(), want.key());
                if (written == null) {
                    return false;
                }
                edits.add(new TextEdit(v.span().valueStart(), v.span().end(), written));
                kept.add(Shape.field(k.value(), want.key()));
            }
        }
        if (kept.isEmpty()) {
            ctx.patch().add(new ExpectedChange.ReplaceValue(m, new Shape.Map(List.of())),
                    new TextEdit(entry.key().span().end(), m.span().end(), ": {}"));
            return true;
        }
        ctx.patch().add(new ExpectedChange.ReplaceValue(m, new Shape.Map(kept)), edits.toArray(TextEdit[]::new));
        return true;
    }

    private void appendLines(StringBuilder text, Permissions p, String indent, JobNeeds reasons, String nl) {
        for (Map.Entry<Scope, Level> g : p.ordered().entrySet()) {
            text.append(indent).append(g.getKey().key()).append(": ").append(g.getValue().key());
            if (ctx.options().explain() && reasons != null) {
                String why = reasons.reason(g.getKey()).replaceAll("[\\p{Cc}\\u2028\\u2029]", " ");
                if (!why.isBlank()) {
                    text.append("  # ").append(why);
                }
            }
            text.append(nl);
        }
    }

    private boolean isBlankLine(int offset) {
        int start = source.lineStart(offset);
        return source.text().substring(start, source.lineEnd(offset)).isBlank();
    }

    private int skipBom(int offset) {
        return offset == 0 && source.text().startsWith("\uFEFF") ? 1 : offset;
    }

    static String flow(Permissions p) {
        return p.isEmpty() ? "{}" : "{" + p + "}";
    }

    static Shape shape(Permissions p) {
        List<Shape.Field> fields = new ArrayList<>();
        p.ordered().forEach((s, l) -> fields.add(Shape.field(s.key(), l.key())));
        return new Shape.Map(fields);
    }
}
