package dev.runwall.workflow.internal.refs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.workflow.RepoRefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefCacheTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    @TempDir Path dir;

    private RefCache at(Instant now) {
        return new RefCache(dir, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void roundTripsWhileFreshAndExpiresAfterTheTtl() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        at(t0).put("github.com", "Acme/Tool", new RepoRefs(Map.of("v1", SHA), Map.of("main", SHA)));
        assertThat(at(t0.plusSeconds(600)).get("github.com", "acme/tool"))
                .hasValueSatisfying(r -> assertThat(r.tags()).containsEntry("v1", SHA));
        assertThat(at(t0.plusSeconds(7200)).get("github.com", "acme/tool")).isEmpty();
    }

    @Test
    void damagedFilesAndStrangeNamesAreMisses() throws Exception {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Path file = dir.resolve("github.com/acme/tool.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"fetched\": 1735689600000, \"tags\": {\"v1\": ");
        assertThat(at(now).get("github.com", "acme/tool")).isEmpty();
        Files.writeString(file, "{\"fetched\": 1735689600000, \"tags\": {\"v1\": \"not-a-sha\"}}");
        assertThat(at(now).get("github.com", "acme/tool")).hasValueSatisfying(r -> assertThat(r.tags()).isEmpty());
        at(now).put("github.com", "../../etc", new RepoRefs(Map.of(), Map.of()));
        assertThat(at(now).get("github.com", "../../etc")).isEmpty();
        assertThat(Files.exists(dir.getParent().resolve("etc.json"))).isFalse();
    }
}
