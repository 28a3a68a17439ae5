package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryDigestsTest {

    @Test
    void aTokenIsReadAsJsonSoEscapesAreUndone() {
        assertThat(RegistryDigests.tokenFrom("{\"token\":\"ab\\/cd\\u002Bef\",\"expires_in\":300}")).isEqualTo("ab/cd+ef");
        assertThat(RegistryDigests.tokenFrom("{\"access_token\":\"xyz\"}")).isEqualTo("xyz");
        assertThat(RegistryDigests.tokenFrom("{\"token\":\"\",\"access_token\":\"xyz\"}")).isEqualTo("xyz");
    }

    @Test
    void aBodyWithoutAStringTokenGivesNone() {
        assertThat(RegistryDigests.tokenFrom("{\"token\":42}")).isNull();
        assertThat(RegistryDigests.tokenFrom("[\"token\"]")).isNull();
        assertThat(RegistryDigests.tokenFrom("<html>\"token\":\"x\"</html>")).isNull();
        assertThat(RegistryDigests.tokenFrom("")).isNull();
        assertThat(RegistryDigests.tokenFrom("{\"token\":\"a\\nb\"}")).as("not a header value").isNull();
        assertThat(RegistryDigests.tokenFrom("{\"token\":\"\u00e9t\u00e9\"}")).isNull();
    }

    @Test
    void theTokenServerIsTheChallengesRealmWithItsOtherParametersAsQuery() {
        assertThat(RegistryDigests.tokenUri("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull\"")).hasToString(
                "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull");
        assertThat(RegistryDigests.tokenUri("Basic realm=\"https://x\"")).isNull();
        assertThat(RegistryDigests.tokenUri("Bearer realm=\"file:///etc/passwd\"")).isNull();
        assertThat(RegistryDigests.tokenUri("Bearer realm=\"https://a b/\"")).isNull();
    }
}
