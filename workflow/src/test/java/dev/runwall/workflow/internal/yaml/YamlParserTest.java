package dev.runwall.workflow.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.workflow.WorkflowParseException;
import org.junit.jupiter.api.Test;

class YamlParserTest {
    private final YamlParser parser = new YamlParser();

    private static String at(YamlDocument doc, YamlNode n) {
        return doc.source().text().substring(n.span().valueStart(), n.span().end());
    }

    @Test
    void scalarSpansCoverExactlyTheirTextWithQuotes() throws Exception {
        YamlDocument doc = parser.parse("a: 'x y'  # c\nb: \"q\"\nc: plain text\n");
        YamlMapping root = (YamlMapping) doc.root();
        assertThat(at(doc, root.entry("a").value())).isEqualTo("'x y'");
        assertThat(at(doc, root.entry("b").value())).isEqualTo("\"q\"");
        assertThat(at(doc, root.entry("c").value())).isEqualTo("plain text");
        assertThat(((YamlScalar) root.entry("a").value()).style()).isEqualTo(YamlScalar.Style.SINGLE_QUOTED);
        assertThat(root.entry("c").value().span().line()).isEqualTo(3);
        assertThat(root.entry("c").value().span().column()).isEqualTo(4);
    }

    @Test
    void offsetsAreCharsEvenWithBomCrlfAndAstralCharacters() throws Exception {
        String text = "\uFEFFa: \uD83D\uDE00\r\nb: value\r\n";
        YamlDocument doc = parser.parse(text);
        YamlMapping root = (YamlMapping) doc.root();
        assertThat(at(doc, root.entry("a").value())).isEqualTo("\uD83D\uDE00");
        assertThat(at(doc, root.entry("b").value())).isEqualTo("value");
        assertThat(root.entry("b").value().span().line()).isEqualTo(2);
        assertThat(doc.source().newline()).isEqualTo("\r\n");
    }

    @Test
    void anchoredScalarValueStartsAfterTheAnchor() throws Exception {
        YamlDocument doc = parser.parse("a: &x !!str actions/checkout@v4\nb: *x\n");
        YamlMapping root = (YamlMapping) doc.root();
        YamlScalar a = (YamlScalar) root.entry("a").value();
        assertThat(a.anchor()).isEqualTo("x");
        assertThat(at(doc, a)).isEqualTo("actions/checkout@v4");
        YamlAlias b = (YamlAlias) root.entry("b").value();
        assertThat(b.resolved()).isSameAs(a);
        assertThat(YamlDocument.text(root, "b")).isEqualTo("actions/checkout@v4");
    }

    @Test
    void flowAndBlockCollectionsKeepTheirStyle() throws Exception {
        YamlDocument doc = parser.parse("s: [a, {b: c}]\nm:\n  k: v\n");
        YamlMapping root = (YamlMapping) doc.root();
        YamlSequence s = (YamlSequence) root.entry("s").value();
        assertThat(s.flow()).isTrue();
        assertThat(at(doc, s)).isEqualTo("[a, {b: c}]");
        YamlMapping m = (YamlMapping) root.entry("m").value();
        assertThat(m.flow()).isFalse();
        assertThat(at(doc, m)).isEqualTo("k: v");
    }

    @Test
    void invalidYamlIsACheckedExceptionWithItsLine() {
        assertThatThrownBy(() -> parser.parse("a: b\nc: [unclosed\n"))
                .isInstanceOf(WorkflowParseException.class)
                .satisfies(e -> assertThat(((WorkflowParseException) e).line()).isGreaterThan(1));
    }

    @Test
    void refusesSeveralDocumentsDeepNestingSelfAliasesAndEmptyFiles() {
        assertThatThrownBy(() -> parser.parse("a: 1\n---\nb: 2\n")).hasMessageContaining("more than one");
        assertThatThrownBy(() -> parser.parse("[".repeat(200) + "]".repeat(200))).hasMessageContaining("nesting");
        assertThatThrownBy(() -> parser.parse("&a [*a]")).hasMessageContaining("contains it");
        assertThatThrownBy(() -> parser.parse("a: *nope")).isInstanceOf(WorkflowParseException.class);
        assertThatThrownBy(() -> parser.parse("# only a comment\n")).hasMessageContaining("empty");
    }
}
