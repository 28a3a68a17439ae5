package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the fixture pairs cannot show: refused edits, finding messages, callees read from another repository. */
class WorkflowHardenerTest {
    private static final String WORKFLOW = """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4 # keep
                  - run: make test
            """;

    private static WorkflowHardener hardener(UnaryOperator<String> editedText) throws Exception {
        return new WorkflowHardener(SecureOptions.DEFAULT, OfflineRefs.load(FixtureSupport.REFS), RepositoryFiles.NONE,
                ImageDigests.NONE, editedText);
    }

    @Test
    void anEditThatDoesNotMakeTheDeclaredChangeIsRefusedAndTheFileLeftAsItWas() throws Exception {
        HardeningResult result = hardener(t -> t.replace("egress-policy: audit", "egress-policy: block"))
                .harden("ci.yml", null, WORKFLOW);

        assertThat(result.outcome()).isEqualTo(HardeningResult.Outcome.REFUSED);
        assertThat(result.updated()).isEqualTo(WORKFLOW);
        assertThat(result.changed()).isFalse();
        Finding refused = result.findings().stream().filter(f -> f.rule() == Rule.EDIT_REFUSED).findFirst().orElseThrow();
        assertThat(refused.severity()).isEqualTo(Severity.ERROR);
        assertThat(refused.message()).contains("file left untouched").contains("egress-policy")
                .contains("with.egress-policy: expected \"audit\"");
        assertThat(result.findings()).filteredOn(f -> f.rule() != Rule.EDIT_REFUSED).isNotEmpty()
                .allSatisfy(f -> assertThat(f.fixed()).as(f.rule().id()).isFalse());
    }

    @Test
    void anEditThatBreaksTheYamlIsRefused() throws Exception {
        HardeningResult result = hardener(t -> t + "  broken: [\n").harden("ci.yml", null, WORKFLOW);
        assertThat(result.outcome()).isEqualTo(HardeningResult.Outcome.REFUSED);
        assertThat(result.updated()).isEqualTo(WORKFLOW);
        assertThat(result.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo(Rule.EDIT_REFUSED);
            assertThat(f.message()).contains("does not parse");
        });
    }

    @Test
    void withoutAFaultTheSameFileIsChanged() throws Exception {
        HardeningResult result = hardener(UnaryOperator.identity()).harden("ci.yml", null, WORKFLOW);
        assertThat(result.outcome()).isEqualTo(HardeningResult.Outcome.CHANGED);
        assertThat(result.updated()).contains("egress-policy: audit");
    }

    @Test
    void aJobGrantedLessThanItNeedsIsReportedNotWidened() throws Exception {
        Path input = FixturePairsTest.ROOT.resolve("perm-never-widen/input.yml");
        String text = Files.readString(input);
        HardeningResult result = FixtureSupport.hardener(input.getParent()).harden("input.yml", input, text);

        assertThat(result.updated()).isEqualTo(text);
        Finding missing = result.findings().stream().filter(f -> f.rule() == Rule.MISSING_PERMISSIONS).findFirst().orElseThrow();
        assertThat(missing.fixed()).isFalse();
        assertThat(missing.message()).contains("job 'merge' needs").contains("contents: write")
                .contains("pull-requests: write").contains("gh pr merge").contains("never widens");
    }

    @Test
    void twoRunwallStepsAddedOnOneLineGetNoVersionCommentEach() throws Exception {
        String text = "on: push\njobs: {a: {runs-on: ubuntu-latest, steps: [{run: a}]}, b: {runs-on: ubuntu-latest, steps: [{run: b}]}}\n";
        HardeningResult result = hardener(UnaryOperator.identity()).harden("flow.yml", null, text);

        assertThat(result.outcome()).isEqualTo(HardeningResult.Outcome.CHANGED);
        String jobs = result.updated().lines().filter(l -> l.startsWith("jobs:")).findFirst().orElseThrow();
        assertThat(jobs).doesNotContain("#").contains("{name: Runwall, uses: runwall/runwall@be93ce2ae1ff97df0f95ca0aae974c256f4b779b");
        assertThat(result.findings()).filteredOn(f -> f.rule() == Rule.MISSING_VERSION_COMMENT).hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("2 references share line 2"));
    }

    @Test
    void aCallerOfARemoteReusableWorkflowGetsWhatTheCalleeJobsNeed() throws Exception {
        String caller = """
                on: push
                jobs:
                  lint:
                    uses: octo-org/shared-workflows/.github/workflows/lint.yml@v2
                """;
        String callee = """
                on: workflow_call
                jobs:
                  check:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                  annotate:
                    runs-on: ubuntu-latest
                    permissions: {checks: write}
                    steps:
                      - run: ./annotate.sh
                """;
        RepositoryFiles files = (repo, ref, path) -> repo.equals("octo-org/shared-workflows")
                && ref.equals("4b59a72e759bf4b83bb9006f4bf2498c557d7087") && path.equals(".github/workflows/lint.yml")
                ? Optional.of(callee) : Optional.empty();
        WorkflowHardener hardener = new WorkflowHardener(new SecureOptions(true, true, false, AgentRef.DEFAULT, false),
                OfflineRefs.load(FixtureSupport.REFS), files);

        HardeningResult result = hardener.harden("caller.yml", null, caller);

        assertThat(result.outcome()).isEqualTo(HardeningResult.Outcome.CHANGED);
        assertThat(result.updated()).isEqualTo("""
                on: push
                permissions:
                  contents: read
                jobs:
                  lint:
                    permissions:
                      checks: write
                      contents: read
                    uses: octo-org/shared-workflows/.github/workflows/lint.yml@4b59a72e759bf4b83bb9006f4bf2498c557d7087 # v2.1.0
                """);
        assertThat(result.findings()).noneMatch(f -> f.rule() == Rule.UNKNOWN_ACTION);
    }

    @Test
    void jobsThatAlreadyRunAnAgentOrRunOnMacosAreSkippedWithAReason() throws Exception {
        Path input = FixturePairsTest.ROOT.resolve("agent-present/input.yml");
        HardeningResult result = FixtureSupport.hardener(input.getParent()).harden("input.yml", input, Files.readString(input));

        assertThat(result.findings()).filteredOn(f -> f.rule() == Rule.RUNWALL_STEP_SKIPPED).extracting(Finding::message)
                .containsExactly(
                        "job 'build' already runs runwall/runwall",
                        "job 'late' already runs RunWall/runwall",
                        "job 'mac' runs on Windows or macOS; the Runwall agent supports Linux runners only for now");
        assertThat(result.updated().toLowerCase(java.util.Locale.ROOT).split("runwall/runwall@", -1)).as("one Runwall step per job").hasSize(3);
    }
}
