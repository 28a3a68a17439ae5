package dev.runwall.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.core.policy.PolicyMerger;
import dev.runwall.core.report.BaselineDiff;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportFormatException;
import dev.runwall.core.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code runwall report DIR/events.jsonl --write DIR} rebuilds a report from an event log, which may come from
 * an artifact a compromised job wrote: any lines must give a report (bad lines counted, never fatal), which
 * reads back as a valid report and goes through the policy merge and the diff without a crash.
 */
class EventLogFuzzTest {
    private static final String[] PIECES = {
        "{\"kind\":\"dns\",", "{\"kind\":\"connection\",", "{\"kind\":\"step\",", "{\"kind\":\"agent\",",
        "\"time\":\"2026-11-25T10:00:00Z\",", "\"time\":null,", "\"verdict\":\"audited\",", "\"verdict\":\"blocked\",",
        "\"verdict\":null,", "\"domain\":\"a.example\",", "\"domain\":\"*\",", "\"domain\":null,",
        "\"ip\":\"198.18.1.10\",", "\"ip\":\"fd52::7\",", "\"ip\":\"x\",", "\"port\":443,", "\"port\":-1,",
        "\"protocol\":\"tcp\",", "\"rcode\":\"NOERROR\",", "\"step\":\"s1\",", "\"step\":null,", "\"name\":\"Build\",",
        "\"phase\":\"started\",", "\"phase\":\"ended\",", "\"phase\":null,", "\"exitCode\":1,",
        "\"action\":\"started\",", "\"action\":\"stopped\",", "\"action\":null,", "\"mode\":\"block\",",
        "\"counters\":{\"auditLost\":3},", "\"answers\":[{\"type\":\"A\",\"data\":\"198.18.1.10\"}],",
        "\"answers\":[{\"type\":null}],", "\"process\":{\"pid\":1,\"name\":null,\"parents\":[{}]},",
        "\"process\":null,", "\"x\":1}", "}", "\n", "\u001b", "null", "[",
        "\"process\":{\"key\":1,\"pid\":1,\"ppid\":0,\"name\":\"a\",\"exe\":null,\"cmdline\":[\"a\"]},",
        "\"process\":{\"key\":1,\"pid\":1,\"name\":\"a\",\"exe\":null},", "\"process\":{\"key\":\"x\"},",
        "\"process\":{\"key\":2,\"pid\":1,\"name\":\"b\"},", "\"process\":7,",
    };

    @FuzzTest(maxDuration = "30s")
    void anyEventLogGivesAReportThatReadsBackAndMerges(FuzzedDataProvider data) throws Exception {
        byte[] log;
        if (data.consumeBoolean()) {
            StringBuilder text = new StringBuilder();
            for (int i = data.consumeInt(0, 60); i > 0; i--) {
                text.append(data.consumeBoolean() ? PIECES[data.consumeInt(0, PIECES.length - 1)] : data.consumeString(12));
            }
            log = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            log = data.consumeRemainingAsBytes(); // any bytes: also malformed UTF-8, as a write cut short leaves
        }
        Path dir = Files.createTempDirectory("runwall-fuzz");
        try {
            Path events = dir.resolve(ReportWriter.EVENTS);
            Files.write(events, log);
            Report written = ReportWriter.write(events, dir, "job");
            Report read;
            try {
                read = ReportJson.read(dir.resolve(ReportWriter.REPORT));
            } catch (ReportFormatException e) {
                throw new AssertionError("our own report does not read back: " + e.getMessage(), e);
            }
            assertThat(read.events()).hasSameSizeAs(written.events());
            PolicyMerger.merge(List.of(read, written));
            assertThat(BaselineDiff.compare(List.of(read), written).newEndpoints()).isEmpty();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
