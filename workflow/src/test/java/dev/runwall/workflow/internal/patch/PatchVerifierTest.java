package dev.runwall.workflow.internal.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlParser;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchVerifierTest {
    private final YamlParser parser = new YamlParser();
    private final PatchVerifier verifier = new PatchVerifier();

    @Test
    void acceptsExactlyTheExpectedScalarChange() throws Exception {
        YamlDocument before = parser.parse("a: x\nb: 'y'\n");
        YamlScalar a = (YamlScalar) ((YamlMapping) before.root()).entry("a").value();
        var change = new ExpectedChange.ScalarValue(a, "z");
        assertThat(verifier.verify(before.root(), List.of(change), parser.parse("a: z # note\nb: 'y'\n").root())).isEmpty();
        assertThat(verifier.verify(before.root(), List.of(change), parser.parse("a: z\nb: y\n").root()))
                .hasValueSatisfying(d -> assertThat(d).contains("$.b").contains("style"));
        assertThat(verifier.verify(before.root(), List.of(), parser.parse("a: z\nb: 'y'\n").root()))
                .hasValueSatisfying(d -> assertThat(d).contains("$.a"));
    }

    @Test
    void checksInsertedEntriesAndItemsByValue() throws Exception {
        YamlDocument before = parser.parse("on: push\njobs:\n  j:\n    steps:\n      - run: a\n");
        YamlMapping root = (YamlMapping) before.root();
        YamlSequence steps = (YamlSequence) ((YamlMapping) ((YamlMapping) root.entry("jobs").value())
                .entry("j").value()).entry("steps").value();
        var perms = new ExpectedChange.InsertEntry(root, 1, "permissions", new Shape.Map(List.of(Shape.field("contents", "read"))));
        var step = new ExpectedChange.InsertItem(steps, 0, new Shape.Map(List.of(Shape.field("uses", "o/r@1"))));
        String good = "on: push\npermissions:\n  contents: read\njobs:\n  j:\n    steps:\n      - uses: o/r@1\n      - run: a\n";
        assertThat(verifier.verify(root, List.of(perms, step), parser.parse(good).root())).isEmpty();
        String wrongPlace = "on: push\njobs:\n  j:\n    steps:\n      - uses: o/r@1\n      - run: a\npermissions:\n  contents: read\n";
        assertThat(verifier.verify(root, List.of(perms, step), parser.parse(wrongPlace).root())).isPresent();
        String wrongValue = good.replace("contents: read", "contents: write");
        assertThat(verifier.verify(root, List.of(perms, step), parser.parse(wrongValue).root())).isPresent();
    }

    @Test
    void anchorsAliasesAndFlowStyleMustSurvive() throws Exception {
        YamlDocument before = parser.parse("a: &x [1, 2]\nb: *x\n");
        assertThat(verifier.verify(before.root(), List.of(), parser.parse("a: &x [1, 2]\nb: *x\n").root())).isEmpty();
        assertThat(verifier.verify(before.root(), List.of(), parser.parse("a: [1, 2]\nb: [1, 2]\n").root())).isPresent();
        assertThat(verifier.verify(before.root(), List.of(), parser.parse("a: &x\n  - 1\n  - 2\nb: *x\n").root()))
                .hasValueSatisfying(d -> assertThat(d).contains("flow"));
    }
}
