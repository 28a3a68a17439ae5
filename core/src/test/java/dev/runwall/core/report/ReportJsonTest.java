package dev.runwall.core.report;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A report that breaks the rules every writer keeps is rejected where it breaks them, in words a user can act on. */
class ReportJsonTest {
    private static final String JOB = "\"schemaVersion\":1,\"job\":{\"name\":\"build\"}";

    private static void parse(String json) throws ReportFormatException {
        ReportJson.parse(json.getBytes(StandardCharsets.UTF_8), "runs/r1.json");
    }

    @Test
    void aConnectionWhoseAddressIsNoAddressIsRejectedByItsPlace() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\"events\":[{\"kind\":\"connection\",\"time\":\"2026-11-25T10:00:00Z\","
                + "\"verdict\":\"audited\",\"ip\":\"nonsense\",\"port\":443,\"protocol\":\"tcp\"}]}"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessage("runs/r1.json: not a Runwall report.json: events[0].ip is not an IP address");
    }

    @Test
    void anEventWithoutItsVerdictIsRejected() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\"events\":[{\"kind\":\"dns\",\"time\":\"2026-11-25T10:00:00Z\","
                + "\"domain\":\"a.example\"}]}"))
                .hasMessage("runs/r1.json: not a Runwall report.json: events[0].verdict is missing");
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\"endpoints\":[{\"domain\":\"a.example\",\"port\":70000,"
                + "\"verdict\":\"audited\"}]}"))
                .hasMessage("runs/r1.json: not a Runwall report.json: endpoints[0].port 70000 is not a port (0 to 65535)");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumnAndQuotesNoControlCharacters() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\n\"events\": \u001b[2J}"))
                .hasMessageStartingWith("runs/r1.json:2:12: not a Runwall report.json (")
                .hasMessageNotContaining("\u001b");
    }

    @Test
    void aCutOffReportIsNamedWithoutJacksonsSourcePointer() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\n\"events\": ["))
                .hasMessage("runs/r1.json:2:12: not a Runwall report.json: at events (Unexpected end-of-input: "
                        + "expected close marker for Array (start marker at line 2, column 11))");
    }

    @Test
    void aNullInAListIsNamedAsAMissingValue() {
        assertThatThrownBy(() -> parse("{" + JOB + ",\"steps\":[null]}"))
                .hasMessageStartingWith("runs/r1.json:")
                .hasMessageEndingWith("(a value is missing or null)");
    }
}
