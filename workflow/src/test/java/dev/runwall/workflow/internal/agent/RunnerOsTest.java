package dev.runwall.workflow.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.yaml.YamlParser;
import org.junit.jupiter.api.Test;

class RunnerOsTest {
    private static RunnerOs os(String job) throws Exception {
        Workflow wf = Workflow.of(new YamlParser().parse("on: push\njobs:\n  j:\n" + job.indent(4)));
        return RunnerOs.of(wf.jobs().getFirst());
    }

    @Test
    void hostedRunnerLabelsNameTheirSystem() throws Exception {
        assertThat(os("runs-on: ubuntu-latest")).isEqualTo(RunnerOs.LINUX);
        assertThat(os("runs-on: ubuntu-24.04-arm")).isEqualTo(RunnerOs.LINUX);
        assertThat(os("runs-on: macos-latest")).isEqualTo(RunnerOs.NOT_LINUX);
        assertThat(os("runs-on: macos-14-xlarge")).isEqualTo(RunnerOs.NOT_LINUX);
        assertThat(os("runs-on: windows-2022")).isEqualTo(RunnerOs.NOT_LINUX);
    }

    @Test
    void severalLabelsSelectOneRunner() throws Exception {
        assertThat(os("runs-on: [self-hosted, linux, x64]")).isEqualTo(RunnerOs.LINUX);
        assertThat(os("runs-on: [self-hosted, macOS, ARM64]")).isEqualTo(RunnerOs.NOT_LINUX);
        assertThat(os("runs-on:\n  group: big\n  labels: [windows-latest]")).isEqualTo(RunnerOs.NOT_LINUX);
    }

    @Test
    void aMatrixOverSystemsIsFollowed() throws Exception {
        String matrix = "strategy:\n  matrix:\n    os: %s\nruns-on: ${{ matrix.os }}";
        assertThat(os(matrix.formatted("[ubuntu-22.04, ubuntu-24.04]"))).isEqualTo(RunnerOs.LINUX);
        assertThat(os(matrix.formatted("[ubuntu-latest, macos-latest]"))).isEqualTo(RunnerOs.MIXED);
        assertThat(os(matrix.formatted("[macos-latest, windows-latest]"))).isEqualTo(RunnerOs.NOT_LINUX);
        assertThat(os("strategy:\n  matrix:\n    include: [{os: ubuntu-latest}, {os: windows-latest}]\nruns-on: ${{ matrix.os }}"))
                .isEqualTo(RunnerOs.MIXED);
    }

    @Test
    void whatCannotBeToldIsUnknown() throws Exception {
        assertThat(os("steps: [{run: make}]")).isEqualTo(RunnerOs.UNKNOWN);
        assertThat(os("runs-on: ${{ inputs.runner }}")).isEqualTo(RunnerOs.UNKNOWN);
        assertThat(os("strategy:\n  matrix:\n    os: ${{ fromJSON(inputs.systems) }}\nruns-on: ${{ matrix.os }}"))
                .isEqualTo(RunnerOs.UNKNOWN);
        assertThat(os("runs-on: ${{ matrix.os }}")).isEqualTo(RunnerOs.UNKNOWN);
    }
}
