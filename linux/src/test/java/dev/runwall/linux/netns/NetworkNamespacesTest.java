package dev.runwall.linux.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NetworkNamespacesTest {
    @Test
    void namedNamespacesLiveUnderRunNetns() {
        assertThat(NetworkNamespaces.named("runner")).isEqualTo(Path.of("/run/netns/runner"));
    }

    @Test
    void namesThatWouldEscapeTheDirectoryAreRejected() {
        for (String bad : new String[] {"", "..", ".", "a/b", "../etc"}) {
            assertThatThrownBy(() -> NetworkNamespaces.named(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
