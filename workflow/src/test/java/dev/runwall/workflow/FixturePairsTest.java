package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Before/after pairs under {@code fixtures/<name>/}: {@code input.yml} hardened must give exactly
 * {@code expected.yml}, byte for byte; hardening {@code expected.yml} again must change nothing; and
 * when {@code findings.txt} is present, the findings must be exactly those lines
 * ({@code line rule-id fixed|open}). {@code options} holds command-line style flags.
 * Run with {@code -Drunwall.fixtures.update=true} to rewrite the expected files after a deliberate
 * change (then review the diff).
 */
class FixturePairsTest {
    static final Path ROOT = Path.of("src/test/resources/dev/runwall/workflow/fixtures");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void inputBecomesExpectedAndSecondRunChangesNothing(String name) throws Exception {
        Path dir = ROOT.resolve(name);
        WorkflowHardener hardener = FixtureSupport.hardener(dir);
        Path input = dir.resolve("input.yml");
        String before = Files.readString(input, StandardCharsets.UTF_8);
        HardeningResult first = hardener.harden(name + "/input.yml", input, before);
        Path expectedFile = dir.resolve("expected.yml");
        if (Boolean.getBoolean("runwall.fixtures.update")) {
            Files.writeString(expectedFile, first.updated(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("findings.txt"), FixtureSupport.describe(first.findings()), StandardCharsets.UTF_8);
        }
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
        assertThat(first.outcome()).as("outcome").isNotIn(HardeningResult.Outcome.REFUSED, HardeningResult.Outcome.INVALID);
        assertThat(first.updated()).isEqualTo(expected);

        HardeningResult second = hardener.harden(name + "/expected.yml", expectedFile, expected);
        assertThat(second.updated()).as("second run").isEqualTo(expected);
        assertThat(second.outcome()).isEqualTo(HardeningResult.Outcome.UNCHANGED);

        Path findingsFile = dir.resolve("findings.txt");
        if (Files.exists(findingsFile)) {
            List<String> want = new ArrayList<>(Files.readAllLines(findingsFile));
            want.removeIf(String::isBlank);
            assertThat(FixtureSupport.describe(first.findings()).lines().toList()).containsExactlyInAnyOrderElementsOf(want);
        }
    }
}
