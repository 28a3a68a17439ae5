package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text either parses into a zone that survives a write/read round trip, or fails with a
 * {@link ZoneException} that names the file; nothing else may escape the parser.
 */
class ZoneFuzzTest {

    @FuzzTest
    void parse(byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Zone zone;
        try {
            zone = Zone.parse(text, "fuzz.yml");
        } catch (ZoneException e) {
            assertThat(e.getMessage()).startsWith("fuzz.yml");
            return;
        }
        assertThat(Zone.parse(zone.toYaml(), "copy")).isEqualTo(zone);
    }
}
