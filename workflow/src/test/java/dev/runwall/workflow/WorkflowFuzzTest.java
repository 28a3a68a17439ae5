package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.workflow.internal.yaml.YamlParser;
import java.nio.file.Path;

/**
 * Arbitrary text as a workflow: hardening never throws, never changes a file it cannot read, and
 * never produces a file that does not parse. Runs the seed corpus in
 * {@code WorkflowFuzzTestInputs/} during {@code verify}; fuzz with {@code JAZZER_FUZZ=1}.
 */
class WorkflowFuzzTest {
    private static final WorkflowHardener HARDENER = hardener();

    private static WorkflowHardener hardener() {
        try {
            return new WorkflowHardener(new SecureOptions(true, true, true, AgentRef.DEFAULT, true),
                    OfflineRefs.load(Path.of("src/test/resources/dev/runwall/workflow/fixtures/refs.json")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void hardeningNeverCrashesAndNeverWritesUnparsableYaml(FuzzedDataProvider data) throws Exception {
        String input = data.consumeRemainingAsString();
        HardeningResult result = HARDENER.harden("fuzz.yml", null, input);
        assertThat(result.original()).isEqualTo(input);
        if (result.outcome() != HardeningResult.Outcome.CHANGED) {
            assertThat(result.updated()).isEqualTo(input);
            return;
        }
        new YamlParser().parse(result.updated()); // throws (and fails the test) when the output does not parse
        HardeningResult again = HARDENER.harden("fuzz.yml", null, result.updated());
        assertThat(again.outcome()).isNotEqualTo(HardeningResult.Outcome.INVALID);
    }

    @FuzzTest(maxDuration = "10s")
    void refsFilesAreReadOrRejectedWithAMessage(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        try {
            OfflineRefs.parse(json, "fuzz.json");
        } catch (InvalidRefsFileException e) {
            assertThat(e.getMessage()).startsWith("fuzz.json");
        }
    }
}
