package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryLogTest {
    private static final String LINE_A = "{\"time\":\"2025-01-02T03:04:05Z\",\"name\":\"Api.Example.test\",\"type\":\"A\","
            + "\"transport\":\"udp\",\"server\":\"198.18.0.53\",\"client\":\"198.18.0.2\",\"rcode\":\"NOERROR\"}\n";
    private static final String LINE_B = "{\"time\":\"2025-01-02T03:04:06Z\",\"name\":\"b.example.test\",\"type\":\"TXT\","
            + "\"transport\":\"tcp\",\"server\":\"198.18.8.8\",\"client\":\"198.18.0.2\",\"rcode\":\"NXDOMAIN\"}\n";

    @Test
    void readsEveryCompleteLineAndLeavesAHalfWrittenOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("queries.jsonl");
        Files.writeString(file, LINE_A + LINE_B + LINE_A.substring(0, 30));

        QueryLog log = new QueryLog(file);

        assertThat(log.entries()).extracting(LoggedQuery::name).containsExactly("Api.Example.test", "b.example.test");
        assertThat(log.contains("api.example.test.")).isTrue();
        assertThat(log.queriesFor("B.example.test")).singleElement()
                .satisfies(q -> assertThat(q.server()).isEqualTo("198.18.8.8"));
        assertThat(log.contains("c.example.test")).isFalse();
    }

    @Test
    void aLogNotWrittenYetIsEmpty(@TempDir Path dir) {
        assertThat(new QueryLog(dir.resolve("none.jsonl")).entries()).isEmpty();
    }
}
