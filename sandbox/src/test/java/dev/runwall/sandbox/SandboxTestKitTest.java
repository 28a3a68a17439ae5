package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxTestKitTest {

    @Test
    void uniqueNamesAreValidAndDiffer() {
        String a = SandboxTestKit.uniqueName("dns-gate");
        String b = SandboxTestKit.uniqueName("dns-gate");

        assertThat(a).matches("dns-gate-[a-z0-9]{6}").isNotEqualTo(b);
        assertThat(SandboxSpec.of(a, Zone.builder().build()).name()).isEqualTo(a);
        assertThatThrownBy(() -> SandboxTestKit.uniqueName("Bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingProgramFailsNamingItsPackage() {
        assertThatThrownBy(() -> SandboxTestKit.requirePrograms("sh", "no-such-program-rw", "dig-not-here"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-program-rw (apt-get install -y no-such-program-rw)")
                .hasMessageNotContaining("- sh");
    }
}
