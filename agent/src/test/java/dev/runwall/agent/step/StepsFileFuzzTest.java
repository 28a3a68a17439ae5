package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;

/**
 * A steps file can come from the repository a CI run checks out, which a pull request controls: any text is
 * read as a non-empty list of steps that each have a script, or rejected with a message naming the file.
 */
class StepsFileFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyTextIsStepsOrAMessageNamingTheFile(@NotNull String text) { // read() never gives null
        try {
            List<StepSpec> steps = StepsFile.parse(text, "steps.yml");
            assertThat(steps).isNotEmpty();
        } catch (StepsFileException e) {
            assertThat(e.getMessage()).startsWith("steps.yml");
        }
    }
}
