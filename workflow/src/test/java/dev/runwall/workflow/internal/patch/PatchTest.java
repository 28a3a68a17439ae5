package dev.runwall.workflow.internal.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatchTest {
    @Test
    void appliesEditsInOffsetOrderInsertionsFirst() {
        Patch p = new Patch();
        p.addCommentEdit(new TextEdit(4, 7, "XYZ"));
        p.addCommentEdit(TextEdit.insert(4, "<"));
        p.addCommentEdit(TextEdit.insert(0, "["));
        assertThat(p.conflict()).isEmpty();
        assertThat(p.apply("0123456789")).isEqualTo("[0123<XYZ789");
    }

    @Test
    void overlappingEditsAreAConflict() {
        Patch p = new Patch();
        p.addCommentEdit(new TextEdit(2, 6, "a"));
        p.addCommentEdit(new TextEdit(5, 8, "b"));
        assertThat(p.conflict()).isPresent();
    }
}
