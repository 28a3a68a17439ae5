package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void readsRedactedEveryTime() {
        CommandLine c = CommandLine.of(List.of("curl", "--token", "s3cret", "https://u:pw@x.example/"));
        assertThat(c.redacted()).containsExactly("curl", "--token", "***", "https://u:***@x.example/");
        assertThat(c.redacted()).isSameAs(c.redacted());
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("pw@");
    }

    @Test
    void imagesCompareByTheirArguments() {
        ProcessImage a = new ProcessImage("curl", "/usr/bin/curl", CommandLine.of(List.of("curl", "x")), 0, 1, null, null);
        ProcessImage b = new ProcessImage("curl", "/usr/bin/curl", CommandLine.of(List.of("curl", "x")), 0, 1, null, null);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.inCgroup("/ci/step-1", null).cmdline()).containsExactly("curl", "x");
        assertThat(a).isNotEqualTo(new ProcessImage("curl", "/usr/bin/curl", CommandLine.of(List.of("curl", "y")), 0, 1,
                null, null));
    }
}
