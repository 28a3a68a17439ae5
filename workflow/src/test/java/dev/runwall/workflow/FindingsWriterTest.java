package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsWriterTest {
    private final FindingsWriter writer = new FindingsWriter("test");

    private static HardeningResult result(String file, String message) {
        Finding f = new Finding(Rule.UNKNOWN_ACTION, Severity.WARNING, message, file, 3, 7, false);
        return new HardeningResult(file, "a", "a", List.of(f), HardeningResult.Outcome.UNCHANGED);
    }

    @Test
    void textNeverPassesTerminalEscapesFromFiles() {
        String text = writer.text(List.of(result("ci.yml", "step '\u001b[2Jevil\nline'")));
        assertThat(text).isEqualTo("ci.yml:3:7: warning [unknown-action] step '?[2Jevil?line'\n");
    }

    @Test
    void sarifUrisAreRelativeAndEncoded() {
        String sarif = writer.sarif(List.of(result(".github/workflows/my ci.yml", "m")));
        assertThat(sarif).contains("\"uri\" : \".github/workflows/my%20ci.yml\"").contains("\"startLine\" : 3")
                .contains("\"startColumn\" : 7").contains("\"level\" : \"warning\"");
    }
}
