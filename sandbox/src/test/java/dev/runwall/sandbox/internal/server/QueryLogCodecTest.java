package dev.runwall.sandbox.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.sandbox.LoggedQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryLogCodecTest {
    private final QueryLogCodec codec = new QueryLogCodec();

    @Test
    void writesOneJsonLineWithTheDocumentedFields() {
        var query = new LoggedQuery(Instant.parse("2025-01-02T03:04:05.123Z"), "api.nuget.org", "AAAA", "udp",
                "198.18.0.53", "198.18.0.2", "NOERROR");

        String line = new String(codec.encode(query), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"time\":\"2025-01-02T03:04:05.123Z\",\"name\":\"api.nuget.org\",\"type\":\"AAAA\","
                + "\"transport\":\"udp\",\"server\":\"198.18.0.53\",\"client\":\"198.18.0.2\",\"rcode\":\"NOERROR\"}\n");
        assertThat(codec.decode(line.strip())).isEqualTo(query);
    }

    @Test
    void escapesWhateverTheNameHolds() {
        var query = new LoggedQuery(Instant.EPOCH, "we\"ird\\name\n", "TXT", "tcp", "a", "b", "NXDOMAIN");

        String line = new String(codec.encode(query), StandardCharsets.UTF_8);

        assertThat(line.strip()).doesNotContain("\n");
        assertThat(codec.decode(line.strip())).isEqualTo(query);
    }
}
