package dev.runwall.sandbox.internal.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.sandbox.SandboxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SandboxLayoutTest {

    @Test
    void namesTheNamespacesAndFiles() {
        SandboxLayout layout = SandboxLayout.of("demo");

        assertThat(layout.runnerNamespace()).isEqualTo("rw-demo-r");
        assertThat(layout.internetNamespace()).isEqualTo("rw-demo-i");
        assertThat(layout.containerNamespace("7")).isEqualTo("rw-demo-c7");
        assertThat(layout.stateDirectory()).hasToString("/run/runwall/sandbox/demo");
        assertThat(layout.etcDirectory("rw-demo-r")).hasToString("/etc/netns/rw-demo-r");
    }

    @Test
    void ownsOnlyItsOwnNamespaces() {
        SandboxLayout a = SandboxLayout.of("a");

        assertThat(a.ownsNamespace("rw-a-r")).isTrue();
        assertThat(a.ownsNamespace("rw-a-i")).isTrue();
        assertThat(a.ownsNamespace("rw-a-c1")).isTrue();
        assertThat(a.ownsNamespace("rw-a-c1-r")).isFalse(); // sandbox "a-c1"
        assertThat(a.ownsNamespace("rw-a-b-r")).isFalse();
        assertThat(a.ownsNamespace("rw-ab-r")).isFalse();
        assertThat(a.ownsNamespace("other")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a.b", "abcdefghijklmnopqrstuvwxy"})
    void rejectsNamesThatCannotBeNamespaceNames(String name) {
        assertThatThrownBy(() -> SandboxLayout.of(name))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("invalid sandbox name")
                .satisfies(e -> assertThat(((SandboxException) e).reason()).isEqualTo(SandboxException.Reason.INVALID_INPUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "demo", "dns-it-4f2a", "abcdefghijklmnopqrstuvwx"})
    void acceptsShortDashedNames(String name) {
        assertThat(SandboxLayout.of(name).name()).isEqualTo(name);
    }

    @Test
    void containerIdsFitAnInterfaceName() {
        SandboxLayout.checkContainerId("abcdefgh");
        assertThat(SandboxLayout.containerPort("abcdefgh")).hasSizeLessThanOrEqualTo(15);
        assertThatThrownBy(() -> SandboxLayout.checkContainerId("abcdefghi")).isInstanceOf(SandboxException.class);
        assertThatThrownBy(() -> SandboxLayout.checkContainerId("a-b")).isInstanceOf(SandboxException.class);
    }
}
