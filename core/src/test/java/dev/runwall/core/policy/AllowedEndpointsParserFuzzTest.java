package dev.runwall.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

class AllowedEndpointsParserFuzzTest {

    /**
     * Any string either parses into a policy whose canonical text parses back to the same policy, or is
     * rejected with a PolicyException naming an entry; nothing else may escape.
     */
    @FuzzTest(maxDuration = "20s")
    void parseNeverThrowsUncheckedAndRoundTrips(String input) {
        try {
            EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, input);
            EgressPolicy again = EgressPolicy.of(EgressMode.BLOCK, p.toAllowedEndpoints());
            assertThat(again.endpoints()).isEqualTo(p.endpoints());
            for (EndpointPattern e : p.endpoints()) {
                if (e instanceof NamePattern n && !n.wildcard()) {
                    assertThat(p.allowsName(n.name())).isTrue();
                }
            }
        } catch (PolicyException expected) {
            assertThat(expected.getMessage()).startsWith("allowed-endpoints entry ");
        }
    }
}
