package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepsFileTest {
    @TempDir Path tmp;

    @Test
    void stepsAreReadInOrderWithTheirNamesAndScripts() throws Exception {
        Path file = Files.writeString(tmp.resolve("steps.yml"), "- name: Restore\n  run: curl -fsS http://a.example/\n- run: make\n");
        assertThat(StepsFile.read(file)).extracting(StepSpec::name).containsExactly("Restore", "Step 2");
    }

    @Test
    void aFileThatIsNotUtf8IsRejectedByName() throws Exception {
        Path file = Files.write(tmp.resolve("steps.yml"), new byte[] {'-', ' ', 'r', 'u', 'n', ':', ' ', (byte) 0xC3, '\n'});
        assertThatThrownBy(() -> StepsFile.read(file)).isInstanceOf(StepsFileException.class)
                .hasMessage(file + ": not UTF-8 text (save the steps file as UTF-8)");
    }

    @Test
    void aStepWithoutAScriptIsNamedByLine() {
        assertThatThrownBy(() -> StepsFile.parse("- name: a\n  run: x\n- name: b\n", "steps.yml"))
                .hasMessage("steps.yml:3: step 2 has no 'run' script");
    }
}
