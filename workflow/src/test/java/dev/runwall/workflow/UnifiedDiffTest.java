package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.of("a.yml", "x\n", "x\n")).isEmpty();
    }

    @Test
    void insertionAndReplacementWithThreeLinesOfContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String after = "1\n2\n3\nnew\n4\n5\n6\n7\n8\nnine\n";
        assertThat(UnifiedDiff.of("w.yml", before, after)).isEqualTo("""
                --- a/w.yml
                +++ b/w.yml
                @@ -1,9 +1,10 @@
                 1
                 2
                 3
                +new
                 4
                 5
                 6
                 7
                 8
                -9
                +nine
                """);
    }

    @Test
    void distantChangesMakeSeparateHunks() {
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            before.append(i).append('\n');
            after.append(i == 2 ? "two" : i == 19 ? "nineteen" : String.valueOf(i)).append('\n');
        }
        String diff = UnifiedDiff.of("w.yml", before.toString(), after.toString());
        assertThat(diff).contains("@@ -1,5 +1,5 @@").contains("@@ -16,5 +16,5 @@");
    }

    @Test
    void keepsCrlfAndMarksAMissingFinalNewline() {
        String diff = UnifiedDiff.of("w.yml", "a\r\nb", "a\r\nc");
        assertThat(diff).isEqualTo("--- a/w.yml\n+++ b/w.yml\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
    }
}
