package dev.runwall.workflow.internal.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.workflow.internal.perm.Level;
import dev.runwall.workflow.internal.perm.Scope;
import org.junit.jupiter.api.Test;

class ActionKnowledgeBaseTest {
    private final ActionKnowledgeBase kb = ActionKnowledgeBase.builtIn();

    @Test
    void coversAtLeastTheHundredFiftyMostUsedActionsEachWithItsDocs() {
        assertThat(kb.size()).isGreaterThanOrEqualTo(150);
        assertThat(kb.all().values()).allSatisfy(a -> assertThat(a.docs()).startsWith("https://"));
        assertThat(kb.all().keySet()).contains("actions/checkout", "github/codeql-action/upload-sarif",
                "docker/login-action", "actions/deploy-pages", "actions/attest-build-provenance",
                "softprops/action-gh-release", "peter-evans/create-pull-request", "actions/setup-node");
    }

    @Test
    void lookupIsCaseInsensitiveAndFallsBackToTheRepositoryWildcard() {
        assertThat(kb.lookup("Actions/Checkout")).isPresent();
        assertThat(kb.lookup("actions/cache/restore")).isPresent();
        assertThat(kb.lookup("nobody/nothing")).isEmpty();
    }

    @Test
    void entriesCarryTheirFacts() {
        ActionInfo pages = kb.lookup("actions/deploy-pages").orElseThrow();
        assertThat(pages.permissions().level(Scope.PAGES)).isEqualTo(Level.WRITE);
        assertThat(pages.permissions().level(Scope.ID_TOKEN)).isEqualTo(Level.WRITE);
        ActionInfo login = kb.lookup("docker/login-action").orElseThrow();
        assertThat(login.token().inputs()).containsExactly("password");
        assertThat(login.token().defaultsToJobToken()).isFalse();
        assertThat(login.rules()).anySatisfy(r -> assertThat(r.permissions().level(Scope.PACKAGES)).isEqualTo(Level.WRITE));
    }

    @Test
    void malformedEntriesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> ActionKnowledgeBase.parse("a/b:\n  permissions: {contents: read}\n"))
                .hasMessageContaining("a/b").hasMessageContaining("docs");
        assertThatThrownBy(() -> ActionKnowledgeBase.parse("a/b:\n  docs: https://x\n  permissions: {content: read}\n"))
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> ActionKnowledgeBase.parse("a/b:\n  docs: https://x\n  typo: 1\n"))
                .hasMessageContaining("unknown field typo");
    }
}
