package dev.runwall.dns.internal;

import static dev.runwall.dns.Messages.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PortSpec;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class NamePolicyTest {

    @Test
    void everySpellingOfANameGetsTheSameFacts() throws Exception {
        NamePolicy names = new NamePolicy(EgressPolicy.of(EgressMode.BLOCK, "api.nuget.org:443 *.github.com:22"));

        NamePolicy.Known lower = names.of(name("api.nuget.org"));
        NamePolicy.Known upper = names.of(name("API.NUGET.ORG"));
        NamePolicy.Known wildcard = names.of(name("a.b.GitHub.com"));

        assertThat(upper).isEqualTo(lower);
        assertThat(lower.domain()).isEqualTo("api.nuget.org");
        assertThat(lower.allowed()).isTrue();
        assertThat(lower.ports()).containsExactly(PortSpec.of(443));
        assertThat(wildcard.domain()).isEqualTo("a.b.github.com");
        assertThat(wildcard.ports()).containsExactly(PortSpec.of(22));
    }

    @Test
    void rootAndEscapedNamesAreNoHostNamesAndNeverAllowed() throws Exception {
        NamePolicy names = new NamePolicy(EgressPolicy.of(EgressMode.BLOCK, "api.nuget.org"));

        assertThat(names.of(Name.root)).isEqualTo(new NamePolicy.Known(".", false, false, java.util.Set.of()));
        assertThat(names.of(name("api\\.nuget.org"))).satisfies(k -> {
            assertThat(k.hostName()).isFalse();
            assertThat(k.allowed()).isFalse();
            assertThat(k.domain()).isEqualTo("api\\.nuget.org");
        });
    }

    @Test
    void answersStayRightAfterTheMemoryIsFull() throws Exception {
        NamePolicy names = new NamePolicy(EgressPolicy.of(EgressMode.BLOCK, "api.nuget.org"));

        for (int i = 0; i <= NamePolicy.MAX_REMEMBERED + 10; i++) {
            names.of(name("n" + i + ".flood.example"));
        }

        assertThat(names.of(name("api.nuget.org")).allowed()).isTrue();
        assertThat(names.of(name("n1.flood.example")).allowed()).isFalse();
    }
}
