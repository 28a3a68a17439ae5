package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;

/**
 * What a container registry answers (its {@code WWW-Authenticate} challenge, its token server's body) and the
 * image names a workflow holds are read without trust: any text gives a usable value or nothing, never an
 * exception.
 */
class RegistryAnswersFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void registryAnswersGiveAUsableValueOrNothing(FuzzedDataProvider data) {
        String challenge = data.consumeString(300);
        String body = data.consumeString(300);
        String image = data.consumeRemainingAsString();

        URI tokenUri = RegistryDigests.tokenUri(challenge);
        if (tokenUri != null) {
            assertThat(tokenUri.getScheme()).isIn("http", "https");
            assertThat(tokenUri.getHost()).isNotNull();
        }
        String token = RegistryDigests.tokenFrom(body);
        if (token != null) { // it goes into a request header: the client must accept it
            java.net.http.HttpRequest.newBuilder(URI.create("https://registry.example/v2/"))
                    .header("Authorization", "Bearer " + token).build();
        }
        RegistryDigests.ImageName name = RegistryDigests.ImageName.parse(image);
        if (name != null) {
            assertThat(URI.create("https://" + name.apiHost() + "/v2/" + name.repository() + "/manifests/" + name.tag()))
                    .isNotNull();
        }
    }
}
