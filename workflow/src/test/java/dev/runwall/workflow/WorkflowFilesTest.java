package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFilesTest {
    @TempDir Path repo;

    private Path touch(String relative) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "on: push\n");
        return p;
    }

    @Test
    void aRepositoryRootMeansItsWorkflowsAndEveryActionFile() throws IOException {
        Path ci = touch(".github/workflows/ci.yml");
        Path rel = touch(".github/workflows/release.yaml");
        touch(".github/workflows/notes.md");
        Path local = touch(".github/actions/setup/action.yml");
        Path root = touch("action.yaml");
        touch("node_modules/x/action.yml");
        touch("docs/example.yml");
        assertThat(WorkflowFiles.discover(List.of(repo))).containsExactly(ci, rel, local, root);
    }

    @Test
    void aDotGithubFolderMeansItsWorkflowsAndActionsNotItsOtherYaml() throws IOException {
        Path ci = touch(".github/workflows/ci.yml");
        touch(".github/dependabot.yml");
        touch(".github/release.yaml");
        Path local = touch(".github/actions/setup/action.yml");
        touch("action.yml");
        assertThat(WorkflowFiles.discover(List.of(repo.resolve(".github")))).containsExactly(ci, local);
        assertThat(WorkflowFiles.discover(List.of(repo.resolve(".github/actions/..")))).containsExactly(
                repo.resolve(".github/actions/../workflows/ci.yml"), repo.resolve(".github/actions/../actions/setup/action.yml"));
    }

    @Test
    void aRepositoryRootWithoutWorkflowsMeansOnlyItsActionFiles() throws IOException {
        touch(".github/dependabot.yml");
        touch("mkdocs.yml");
        Path local = touch(".github/actions/setup/action.yml");
        assertThat(WorkflowFiles.discover(List.of(repo))).containsExactly(local);
    }

    @Test
    void aFolderWithoutDotGithubMeansItsYamlFilesAndFilesAreTakenAsGiven() throws IOException {
        Path a = touch("wf/a.yml");
        Path b = touch("wf/b.yml");
        Path odd = touch("other/odd.txt");
        assertThat(WorkflowFiles.discover(List.of(repo.resolve("wf"), odd))).containsExactly(a, b, odd);
        assertThatThrownBy(() -> WorkflowFiles.discover(List.of(repo.resolve("missing"))))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
    }
}
