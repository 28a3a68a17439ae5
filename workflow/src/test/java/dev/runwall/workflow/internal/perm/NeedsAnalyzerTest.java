package dev.runwall.workflow.internal.perm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RefSource;
import dev.runwall.workflow.RepoRefs;
import dev.runwall.workflow.RepositoryFiles;
import dev.runwall.workflow.internal.kb.ActionKnowledgeBase;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NeedsAnalyzerTest {
    private static final RefSource NO_REFS = repo -> {
        throw new RefResolutionException(repo + " is not known to this test");
    };
    private final NeedsAnalyzer analyzer = new NeedsAnalyzer(ActionKnowledgeBase.builtIn(), new RemoteTrees(RepositoryFiles.NONE, NO_REFS));

    private JobNeeds needs(String job) throws Exception {
        Workflow wf = Workflow.of(new YamlParser().parse("on: push\njobs:\n  j:\n" + job.indent(4)));
        return analyzer.analyze(wf, wf.jobs().getFirst(), new FileTree.None());
    }

    private JobNeeds run(String script, String env) throws Exception {
        return needs("runs-on: x\nsteps:\n  - run: |\n" + script.indent(6) + (env == null ? "" : "    env:\n" + env.indent(6)));
    }

    @Test
    void ghCommandsMapToScopesOnlyWithTheJobToken() throws Exception {
        assertThat(run("gh pr merge --auto 1", "GH_TOKEN: ${{ github.token }}").permissions())
                .isEqualTo(Permissions.of(Scope.CONTENTS, Level.WRITE).with(Scope.PULL_REQUESTS, Level.WRITE));
        assertThat(run("gh release download v1", "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}").permissions())
                .isEqualTo(Permissions.of(Scope.CONTENTS, Level.READ));
        assertThat(run("gh issue comment 1 --body hi", "GH_TOKEN: ${{ secrets.BOT_PAT }}").permissions().isEmpty()).isTrue();
        assertThat(run("gh issue comment 1 --body hi", null).permissions().isEmpty()).isTrue();
        JobNeeds odd = run("gh frobnicate now", "GH_TOKEN: ${{ github.token }}");
        assertThat(odd.complete()).isFalse();
        assertThat(odd.unknowns().keySet()).anySatisfy(u -> assertThat(u).contains("gh frobnicate"));
    }

    @Test
    void ghApiUsesMethodAndPath() throws Exception {
        String env = "GH_TOKEN: ${{ github.token }}";
        assertThat(run("gh api repos/{owner}/{repo}/pulls/1/comments", env).permissions())
                .isEqualTo(Permissions.of(Scope.PULL_REQUESTS, Level.READ));
        assertThat(run("gh api -X PATCH repos/${{ github.repository }}/issues/3 -f state=closed", env).permissions())
                .isEqualTo(Permissions.of(Scope.ISSUES, Level.WRITE));
        assertThat(run("gh api repos/o/r/check-runs -f name=x -f head_sha=y", env).permissions())
                .isEqualTo(Permissions.of(Scope.CHECKS, Level.WRITE));
        assertThat(run("gh api graphql -f query='{viewer{login}}'", env).complete()).isFalse();
    }

    @Test
    void curlToTheApiWithTheTokenAndOtherUses() throws Exception {
        assertThat(run("curl -H \"Authorization: token $GITHUB_TOKEN\" \\\n  https://api.github.com/repos/o/r/releases",
                "GITHUB_TOKEN: ${{ github.token }}").permissions()).isEqualTo(Permissions.of(Scope.CONTENTS, Level.READ));
        assertThat(run("curl -d @body.json -H \"Authorization: Bearer ${{ secrets.GITHUB_TOKEN }}\" $GITHUB_API_URL/repos/o/r/dispatches", null)
                .permissions()).isEqualTo(Permissions.of(Scope.CONTENTS, Level.WRITE));
        assertThat(run("curl https://api.github.com/repos/o/r", null).permissions().isEmpty()).isTrue();
        assertThat(run("./deploy.sh --token ${{ secrets.GITHUB_TOKEN }}", null).complete()).isFalse();
    }

    @Test
    void gitPushNeedsContentsWriteOnlyWithPersistedJobTokenCredentials() throws Exception {
        String checkout = "runs-on: x\nsteps:\n  - uses: actions/checkout@v4\n";
        assertThat(needs(checkout + "  - run: git tag v1 && git push --tags\n").permissions())
                .isEqualTo(Permissions.of(Scope.CONTENTS, Level.WRITE));
        assertThat(needs(checkout + "    with: {persist-credentials: false}\n  - run: git push\n").permissions())
                .isEqualTo(Permissions.of(Scope.CONTENTS, Level.READ));
        assertThat(needs(checkout + "    with: {token: '${{ secrets.PAT }}'}\n  - run: git push\n").permissions().isEmpty()).isTrue();
    }

    @Test
    void envAtWorkflowJobAndStepLevelAndGithubEnvExports() throws Exception {
        Workflow wf = Workflow.of(new YamlParser().parse("""
                on: push
                env: {GH_TOKEN: '${{ github.token }}'}
                jobs:
                  j:
                    runs-on: x
                    steps:
                      - run: gh label create bug
                """));
        assertThat(analyzer.analyze(wf, wf.jobs().getFirst(), new FileTree.None()).permissions())
                .isEqualTo(Permissions.of(Scope.ISSUES, Level.WRITE));
        assertThat(needs("runs-on: x\nsteps:\n  - run: echo \"GH_TOKEN=${{ github.token }}\" >> $GITHUB_ENV\n  - run: gh run list\n")
                .permissions()).isEqualTo(Permissions.of(Scope.ACTIONS, Level.READ));
    }

    @Test
    void oidcRegistryLoginsAndPublishing() throws Exception {
        assertThat(run("curl -H \"Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN\" \"$ACTIONS_ID_TOKEN_REQUEST_URL\"", null)
                .permissions().level(Scope.ID_TOKEN)).isEqualTo(Level.WRITE);
        assertThat(run("docker login ghcr.io -u me -p ${{ github.token }}", null).permissions())
                .isEqualTo(Permissions.of(Scope.PACKAGES, Level.WRITE));
        assertThat(run("npm publish", "NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}").permissions())
                .isEqualTo(Permissions.of(Scope.PACKAGES, Level.WRITE));
        assertThat(needs("runs-on: x\ncontainer:\n  image: ghcr.io/o/i\n  credentials: {username: u, password: '${{ github.token }}'}\nsteps:\n  - run: make\n")
                .permissions()).isEqualTo(Permissions.of(Scope.PACKAGES, Level.READ));
    }

    @Test
    void githubScriptCallsAndOidc() throws Exception {
        JobNeeds n = needs("""
                runs-on: x
                steps:
                  - uses: actions/github-script@v7
                    with:
                      script: |
                        const pulls = await github.paginate(github.rest.pulls.list, {owner, repo});
                        await github.rest.issues.createComment({owner, repo, issue_number: 1, body: 'x'});
                        await github.request('POST /repos/{owner}/{repo}/statuses/{sha}', {state: 'success'});
                        const id = await core.getIDToken();
                """);
        assertThat(n.permissions()).isEqualTo(Permissions.of(Scope.PULL_REQUESTS, Level.READ)
                .with(Scope.ISSUES, Level.WRITE).with(Scope.STATUSES, Level.WRITE).with(Scope.ID_TOKEN, Level.WRITE));
        assertThat(needs("runs-on: x\nsteps:\n  - uses: actions/github-script@v7\n    with:\n      github-token: ${{ secrets.PAT }}\n"
                + "      script: github.rest.issues.create({})\n").permissions().isEmpty()).isTrue();
    }

    @Test
    void knowledgeBaseRulesFollowInputs() throws Exception {
        assertThat(needs("runs-on: x\nsteps:\n  - uses: aws-actions/configure-aws-credentials@v4\n    with: {role-to-assume: arn, aws-region: r}\n")
                .permissions()).isEqualTo(Permissions.of(Scope.ID_TOKEN, Level.WRITE));
        assertThat(needs("runs-on: x\nsteps:\n  - uses: aws-actions/configure-aws-credentials@v4\n    with: {aws-access-key-id: k, aws-region: r}\n")
                .permissions().isEmpty()).isTrue();
        assertThat(needs("runs-on: x\nsteps:\n  - uses: docker/login-action@v3\n    with: {registry: '${{ env.REGISTRY }}', password: '${{ github.token }}'}\n")
                .permissions()).isEqualTo(Permissions.of(Scope.PACKAGES, Level.WRITE));
    }

    @Test
    void unknownRemoteActionsAreReportedByNameAndReadableOnesAnalysed() throws Exception {
        JobNeeds unknown = needs("runs-on: x\nsteps:\n  - uses: nobody/mystery@v1\n");
        assertThat(unknown.complete()).isFalse();
        assertThat(unknown.unknowns().keySet()).anySatisfy(u -> assertThat(u).contains("nobody/mystery"));

        RepositoryFiles files = (repo, ref, path) -> repo.equals("nobody/mystery") && path.equals("action.yml")
                ? Optional.of("name: m\ninputs:\n  x: {default: '1'}\nruns: {using: node20, main: index.js}\n") : Optional.empty();
        NeedsAnalyzer online = new NeedsAnalyzer(ActionKnowledgeBase.builtIn(), new RemoteTrees(files, NO_REFS));
        Workflow wf = Workflow.of(new YamlParser().parse("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: nobody/mystery@v1\n"));
        JobNeeds read = online.analyze(wf, wf.jobs().getFirst(), new FileTree.None());
        assertThat(read.complete()).isTrue();
        assertThat(read.permissions().isEmpty()).isTrue();
    }

    @Test
    void aRemoteCallerNeedsTheUnionOfTheCalleeJobsReadAtTheCommitItIsPinnedTo() throws Exception {
        String v2 = "4b59a72e759bf4b83bb9006f4bf2498c557d7087";
        String callee = """
                on: workflow_call
                jobs:
                  open-pr:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: gh pr create --fill
                        env: {GH_TOKEN: '${{ github.token }}'}
                  publish:
                    runs-on: ubuntu-latest
                    permissions:
                      packages: write
                      id-token: write
                    steps:
                      - run: ./publish.sh
                """;
        List<String> asked = new ArrayList<>();
        RepositoryFiles files = (repo, ref, path) -> {
            asked.add(repo + "@" + ref + ":" + path);
            return repo.equals("octo-org/shared-workflows") && ref.equals(v2) && path.equals(".github/workflows/release.yml")
                    ? Optional.of(callee) : Optional.empty();
        };
        RefSource refs = repo -> new RepoRefs(Map.of("v2", v2, "v2.1.0", v2, "v3", "1".repeat(40)), Map.of());
        NeedsAnalyzer online = new NeedsAnalyzer(ActionKnowledgeBase.builtIn(), new RemoteTrees(files, refs));
        Workflow wf = Workflow.of(new YamlParser().parse(
                "on: push\njobs:\n  release:\n    uses: octo-org/shared-workflows/.github/workflows/release.yml@v2\n"));

        JobNeeds needs = online.analyze(wf, wf.jobs().getFirst(), new FileTree.None());

        assertThat(asked).containsExactly("octo-org/shared-workflows@" + v2 + ":.github/workflows/release.yml");
        assertThat(needs.complete()).as("unknowns: %s", needs.unknowns()).isTrue();
        assertThat(needs.permissions()).isEqualTo(Permissions.of(Scope.CONTENTS, Level.READ)
                .with(Scope.PULL_REQUESTS, Level.WRITE).with(Scope.PACKAGES, Level.WRITE).with(Scope.ID_TOKEN, Level.WRITE));
    }

    @Test
    void aRemoteCalleeWhoseRefCannotBeResolvedIsReadAtTheRefAsWritten() throws Exception {
        List<String> asked = new ArrayList<>();
        RepositoryFiles files = (repo, ref, path) -> {
            asked.add(repo + "@" + ref + ":" + path);
            return Optional.empty();
        };
        NeedsAnalyzer online = new NeedsAnalyzer(ActionKnowledgeBase.builtIn(), new RemoteTrees(files, NO_REFS));
        Workflow wf = Workflow.of(new YamlParser().parse("on: push\njobs:\n  c:\n    uses: o/r/.github/workflows/w.yml@main\n"));
        JobNeeds needs = online.analyze(wf, wf.jobs().getFirst(), new FileTree.None());
        assertThat(asked).containsExactly("o/r@main:.github/workflows/w.yml");
        assertThat(needs.complete()).isFalse();
        assertThat(needs.unknowns().keySet()).anySatisfy(u -> assertThat(u).contains("o/r/.github/workflows/w.yml@main"));
    }

    @Test
    void anAppTokenNeedsNoGithubTokenGrantWhereverItIsPassed() throws Exception {
        JobNeeds n = needs("""
                runs-on: x
                steps:
                  - id: app
                    uses: actions/create-github-app-token@v1
                    with: {app-id: '${{ vars.APP_ID }}', private-key: '${{ secrets.APP_KEY }}'}
                  - uses: actions/checkout@v4
                    with: {token: '${{ steps.app.outputs.token }}'}
                  - uses: actions/github-script@v7
                    with:
                      github-token: ${{ steps.app.outputs.token }}
                      script: |
                        await github.rest.issues.create({owner, repo, title: 'x'});
                  - run: git push && gh pr create --fill
                    env: {GH_TOKEN: '${{ steps.app.outputs.token }}'}
                """);
        assertThat(n.complete()).as("unknowns: %s", n.unknowns()).isTrue();
        assertThat(n.permissions().isEmpty()).as("granted %s", n.permissions()).isTrue();
    }

    @Test
    void theJobTokenInJobLevelEnvReachesGhInEveryStep() throws Exception {
        JobNeeds n = needs("""
                runs-on: x
                env:
                  GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
                steps:
                  - run: gh pr create --fill --base main
                """);
        assertThat(n.complete()).isTrue();
        assertThat(n.permissions()).isEqualTo(Permissions.of(Scope.PULL_REQUESTS, Level.WRITE));
        assertThat(n.reason(Scope.PULL_REQUESTS)).contains("gh pr create");

        JobNeeds pat = needs("runs-on: x\nenv:\n  GH_TOKEN: ${{ secrets.BOT_PAT }}\nsteps:\n  - run: gh pr create --fill\n");
        assertThat(pat.permissions().isEmpty()).isTrue();
    }
}
