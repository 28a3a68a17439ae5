package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runwall.workflow.SpoiledEdits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SecureCommandTest {
    static final Path REFS = Path.of("src/test/resources/dev/runwall/cli/secure/refs.json");
    static final String WORKFLOW = """
            name: CI
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4 # keep this comment
                  - run: make test
            """;

    @TempDir Path repo;
    Path workflow;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        workflow = repo.resolve(".github/workflows/ci.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, WORKFLOW);
    }

    int run(String... args) {
        return run(Main.newCommandLine(), args);
    }

    int run(CommandLine cl, String... args) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("secure"));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void defaultPrintsADiffAndFindingsAndChangesNothing() throws Exception {
        int code = run("--refs", REFS.toString(), repo.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("--- a/" + workflow, "+++ b/" + workflow)
                .contains("-      - uses: actions/checkout@v4 # keep this comment")
                .contains("+      - uses: actions/checkout@41328458d24362aaf71adbb2fe5318bbae7ead9c # v4.2.2 # keep this comment")
                .contains("+permissions:", "+        uses: runwall/runwall@be93ce2ae1ff97df0f95ca0aae974c256f4b779b # v1.0.0")
                .contains("[unpinned-reference]");
        assertThat(Files.readString(workflow)).isEqualTo(WORKFLOW);
    }

    @Test
    void writeEditsInPlaceAndCheckThenPasses() throws Exception {
        assertThat(run("--check", "--refs", REFS.toString(), repo.toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(Files.readString(workflow)).isEqualTo(WORKFLOW);
        assertThat(run("--write", "--refs", REFS.toString(), repo.toString())).isEqualTo(ExitCodes.OK);
        String written = Files.readString(workflow);
        assertThat(written).contains("actions/checkout@41328458d24362aaf71adbb2fe5318bbae7ead9c # v4.2.2 # keep this comment")
                .contains("permissions:\n  contents: read\n").contains("egress-policy: audit");
        assertThat(err.toString()).contains("wrote " + workflow);
        assertThat(run("--check", "--refs", REFS.toString(), repo.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(workflow)).isEqualTo(written);
    }

    @Test
    void writeKeepsEachFilesModeAndFollowsSymbolicLinks() throws Exception {
        Path script = repo.resolve(".github/workflows/tool.yml");
        Files.writeString(script, WORKFLOW);
        Files.setPosixFilePermissions(workflow, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = repo.resolve("shared/linked.yml");
        Files.createDirectories(shared.getParent());
        Files.writeString(shared, WORKFLOW);
        Path link = Files.createSymbolicLink(repo.resolve(".github/workflows/linked.yml"), Path.of("../../shared/linked.yml"));

        assertThat(run("--write", "--refs", REFS.toString(), repo.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);

        assertThat(Files.readString(workflow)).contains("egress-policy: audit");
        assertThat(Files.readString(script)).contains("egress-policy: audit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workflow))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(shared)).contains("egress-policy: audit");
        try (var left = Files.list(workflow.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ci.yml", "tool.yml", "linked.yml");
        }
    }

    @Test
    void sarifHasTheSchemaRulesAndFileLineLocations() throws Exception {
        assertThat(run("--format", "sarif", "--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.OK);
        JsonNode sarif = new ObjectMapper().readTree(out.toString());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules").size()).isGreaterThan(5);
        JsonNode pin = null;
        for (JsonNode r : run.path("results")) {
            if (r.path("ruleId").asText().equals("unpinned-reference")) {
                pin = r;
            }
        }
        assertThat(pin).isNotNull();
        JsonNode loc = pin.path("locations").get(0).path("physicalLocation");
        assertThat(loc.path("artifactLocation").path("uri").asText()).endsWith(".github/workflows/ci.yml");
        assertThat(loc.path("region").path("startLine").asInt()).isEqualTo(7);
        assertThat(run.path("tool").path("driver").path("rules").get(pin.path("ruleIndex").asInt()).path("id").asText())
                .isEqualTo("unpinned-reference");
    }

    @Test
    void jsonListsFilesOutcomesFindingsAndDiff() throws Exception {
        assertThat(run("--format", "json", "--no-agent", "--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode file = json.path("files").get(0);
        assertThat(file.path("outcome").asText()).isEqualTo("changed");
        assertThat(file.path("diff").asText()).contains("+permissions:");
        assertThat(file.path("findings").findValuesAsText("rule")).contains("unpinned-reference", "missing-permissions")
                .doesNotContain("runwall-step-missing");
    }

    @Test
    void invalidInputsExitWithTwoAndSayWhatToDo() throws Exception {
        assertThat(run("--refs", REFS.toString(), repo.resolve("missing.yml").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("missing.yml");
        Path badRefs = repo.resolve("refs.json");
        Files.writeString(badRefs, "{\"actions/checkout\": {\"tags\": {\"v4\": \"nope\"}}}");
        assertThat(run("--refs", badRefs.toString(), workflow.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("actions/checkout.tags.v4").contains("40-hex");
        assertThat(run("--agent-ref", "not-a-ref", "--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        Files.writeString(workflow, "on: push\njobs: [unclosed\n");
        assertThat(run("--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains("ci.yml:").contains("[invalid-workflow]");
        assertThat(Files.readString(workflow)).isEqualTo("on: push\njobs: [unclosed\n");
    }

    @Test
    void withoutRefsAWarmCacheServesEveryRepositoryWithoutNetwork() throws Exception {
        Path cache = repo.resolve("cache");
        long now = System.currentTimeMillis();
        for (String[] r : new String[][] {{"actions", "checkout", "v4", "41328458d24362aaf71adbb2fe5318bbae7ead9c"},
                {"runwall", "runwall", "v1", "be93ce2ae1ff97df0f95ca0aae974c256f4b779b"}}) {
            Path f = cache.resolve("github.com").resolve(r[0]).resolve(r[1] + ".json");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "{\"fetched\": " + now + ", \"tags\": {\"" + r[2] + "\": \"" + r[3] + "\", \""
                    + r[2] + ".9.9\": \"" + r[3] + "\"}, \"branches\": {}}");
        }
        int code = run("--write", "--github-url", "https://github.com", "--cache-dir", cache.toString(), workflow.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(workflow))
                .contains("actions/checkout@41328458d24362aaf71adbb2fe5318bbae7ead9c # v4.9.9 # keep this comment")
                .contains("runwall/runwall@be93ce2ae1ff97df0f95ca0aae974c256f4b779b # v1.9.9");
    }

    @Test
    void aDotGithubFolderMeansItsWorkflowsNotDependabotConfig() throws Exception {
        Path dependabot = repo.resolve(".github/dependabot.yml");
        Files.writeString(dependabot, "version: 2\nupdates: []\n");
        int code = run("--refs", REFS.toString(), repo.resolve(".github").toString() + "/");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("+++ b/" + workflow).doesNotContain("dependabot");
        assertThat(err.toString()).contains("secure: 1 file(s), 1 to change");
    }

    @Test
    void anEditThatFailsVerificationIsRefusedEndToEnd() throws Exception {
        CommandLine cl = Main.newCommandLine();
        SecureCommand secure = cl.getSubcommands().get("secure").getCommand();
        secure.hardeners = (options, refs, files, digests) -> SpoiledEdits.hardener(options, refs, files, digests,
                text -> text.replace("egress-policy: audit", "egress-policy: block"));

        int code = run(cl, "--write", "--format", "json", "--refs", REFS.toString(), workflow.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(Files.readString(workflow)).isEqualTo(WORKFLOW);
        assertThat(err.toString()).doesNotContain("wrote").contains("0 changed");
        JsonNode file = new ObjectMapper().readTree(out.toString()).path("files").get(0);
        assertThat(file.path("outcome").asText()).isEqualTo("refused");
        JsonNode refused = null;
        for (JsonNode f : file.path("findings")) {
            if (f.path("rule").asText().equals("edit-refused")) {
                refused = f;
            }
        }
        assertThat(refused).as(file.toString()).isNotNull();
        assertThat(refused.path("message").asText()).contains("file left untouched").contains("egress-policy");
    }

    @Test
    void aCallerOfARemoteReusableWorkflowGetsTheUnionOfItsJobsFromALocalCheckout() throws Exception {
        Path shared = repo.resolve("checkouts/shared-workflows");
        Files.createDirectories(shared.resolve(".github/workflows"));
        Files.writeString(shared.resolve(".github/workflows/release.yml"), """
                on: workflow_call
                jobs:
                  notes:
                    runs-on: ubuntu-latest
                    steps:
                      - run: gh release create "$TAG" --generate-notes
                        env: {GH_TOKEN: '${{ github.token }}', TAG: '${{ github.ref_name }}'}
                  label:
                    runs-on: ubuntu-latest
                    permissions: {issues: write}
                    steps:
                      - run: ./label.sh
                """);
        Files.writeString(workflow, """
                on: push
                jobs:
                  release:
                    uses: octo-org/shared-workflows/.github/workflows/release.yml@v2
                """);

        int code = run("--write", "--no-agent", "--refs", REFS.toString(),
                "--callee", "octo-org/shared-workflows=" + shared, workflow.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(workflow)).isEqualTo("""
                on: push
                permissions:
                  contents: read
                jobs:
                  release:
                    permissions:
                      contents: write
                      issues: write
                    uses: octo-org/shared-workflows/.github/workflows/release.yml@4b59a72e759bf4b83bb9006f4bf2498c557d7087 # v2.1.0
                """);
    }

    @Test
    void writeAndCheckAreExclusive() {
        assertThat(run("--write", "--check", "--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void helpDocumentsTheExitCodes() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("Exit codes:").contains("--check").contains("--refs=REFS.json")
                .contains("For secure, exit code 1 means: --check found something to change or an error finding, or an edit was refused;")
                .contains("2: invalid input (a bad option or --agent-ref, a missing path, a --refs file of the wrong shape, "
                        + "a file that is not UTF-8, not valid YAML or not a workflow or action);")
                .contains("3: a file could not be written.");
    }

    @Test
    void aFileThatIsNotUtf8IsInvalidInputAndLeftAlone() throws Exception {
        byte[] latin1 = "on: push\n# caf\u00e9\njobs: {}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(workflow, latin1);
        assertThat(run("--write", "--refs", REFS.toString(), workflow.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains(workflow + ":").contains("[invalid-workflow]").contains("not UTF-8");
        assertThat(Files.readAllBytes(workflow)).isEqualTo(latin1);
    }

    @Test
    void progressIsShownOnATerminalWhenThereAreManyFiles() throws Exception {
        for (int i = 1; i < SecureRun.PROGRESS_FROM + 10; i++) {
            Files.writeString(workflow.resolveSibling("wf" + i + ".yml"), WORKFLOW);
        }
        int files = SecureRun.PROGRESS_FROM + 10;
        assertThat(runOn(true, repo)).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("\rsecure: 25/" + files + " files", "\rsecure: 50/" + files + " files")
                .contains("\rsecure: " + files + "/" + files + " files\n")
                .contains("secure: " + files + " file(s), " + files + " to change");

        err.getBuffer().setLength(0);
        assertThat(runOn(false, repo)).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).doesNotContain("\r").contains("secure: " + files + " file(s)");
    }

    @Test
    void fewFilesShowNoProgressEvenOnATerminal() throws Exception {
        assertThat(runOn(true, repo)).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).doesNotContain("\r").contains("secure: 1 file(s)");
    }

    private int runOn(boolean terminal, Path path) {
        CommandLine cl = Main.newCommandLine();
        SecureCommand secure = cl.getSubcommands().get("secure").getCommand();
        secure.terminal = () -> terminal;
        return run(cl, "--format", "json", "--refs", REFS.toString(), path.toString());
    }
}
