package dev.runwall.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void knownTokenShapesAreMasked() {
        assertThat(SecretRedactor.redact("push https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r"))
                .isEqualTo("push https://x-access-token:***@github.com/o/r");
        assertThat(SecretRedactor.redact("ghp_ABCDEFGHIJKLMNOPQRSTUVWX and AKIAABCDEFGHIJKLMNOP"))
                .isEqualTo("*** and ***");
    }

    @Test
    void headersAndKeyValuesAreMasked() {
        assertThat(SecretRedactor.redactArgs(List.of("curl", "-H", "Authorization: Bearer abc.def", "--token=xyz",
                "--password", "hunter2", "API_KEY=k", "https://example.test/")))
                .containsExactly("curl", "-H", "Authorization: ***", "--token=***", "--password", "***", "API_KEY=***",
                        "https://example.test/");
    }

    @Test
    void secretQueryParametersAreMasked() {
        assertThat(SecretRedactor.redact("http://x.test/collect?token=abc123&page=2&X-Amz-Signature=ff#frag"))
                .isEqualTo("http://x.test/collect?token=***&page=2&X-Amz-Signature=***#frag");
    }

    @Test
    void harmlessArgumentsStay() {
        assertThat(SecretRedactor.redactArgs(List.of("dig", "+short", "api.nuget.org", "AAAA")))
                .containsExactly("dig", "+short", "api.nuget.org", "AAAA");
    }

    @Test
    void aRepeatedArgumentListGetsTheSameRedactionAndTheCallerCannotChangeIt() {
        List<String> args = new java.util.ArrayList<>(List.of("curl", "-u", "me:hunter2", "https://x.example/?token=abc"));
        List<String> first = SecretRedactor.redactArgs(args);
        args.set(0, "wget"); // the caller's list changes afterwards: the remembered result must not follow
        List<String> again = SecretRedactor.redactArgs(List.of("curl", "-u", "me:hunter2", "https://x.example/?token=abc"));

        assertThat(first).containsExactly("curl", "-u", SecretRedactor.MASK, "https://x.example/?token=" + SecretRedactor.MASK);
        assertThat(again).isEqualTo(first);
        assertThat(SecretRedactor.redactArgs(args).getFirst()).isEqualTo("wget");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.set(0, "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theChecksBeforeEachExpressionChangeNothingForTextThatNeedsEveryExpression() {
        for (String text : List.of("", "tcp", "198.18.0.2", "https://u:pa=ss@h/x?token=a=b&sig=c", "a&token=x",
                "Authorization: Bearer ghp_0123456789abcdefABCDEF", "--api-key=AKIA0123456789ABCDEF",
                "x?y=1&access_key=z", "ssh://git@host:22/r", "a=b", "ghp_short", "://@", "?=", "cookie:",
                "proxy-authorization:basic", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX3g",
                "glpat-0123456789abcdef", "xoxb-0123456789ab", "github_pat_0123456789abcdefghij_x")) {
            assertThat(SecretRedactor.redact(text)).as(text).isEqualTo(SecretRedactor.redactUnfiltered(text));
        }
    }

    @Test
    void eachCheckLetsItsExpressionRun() {
        assertThat(SecretRedactor.redact("https://u:pa=ss@h/x?token=a=b&sig=c")).isEqualTo("https://u:***@h/x?token=***&sig=***");
        assertThat(SecretRedactor.redact("a&token=x")).isEqualTo("a&token=***");
        assertThat(SecretRedactor.redact("glpat-0123456789abcdef")).isEqualTo(SecretRedactor.MASK);
        assertThat(SecretRedactor.redact("xoxb-0123456789ab")).isEqualTo(SecretRedactor.MASK);
        assertThat(SecretRedactor.redact("github_pat_0123456789abcdefghij_x")).isEqualTo(SecretRedactor.MASK);
        assertThat(SecretRedactor.redact("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX3g")).isEqualTo(SecretRedactor.MASK);
        assertThat(SecretRedactor.redact("AKIA0123456789ABCDEF")).isEqualTo(SecretRedactor.MASK);
        assertThat(SecretRedactor.redact("cookie: a")).isEqualTo("cookie: ***");
        assertThat(SecretRedactor.redact("token=a")).isEqualTo("token=***");
        assertThat(SecretRedactor.redactArgs(List.of("--token", "x"))).containsExactly("--token", SecretRedactor.MASK);
    }

    @Test
    void aNullArgumentIsKeptAndDoesNotStopTheRest() {
        List<String> args = Arrays.asList("curl", null, "--password", "s3cret");
        assertThat(SecretRedactor.redactArgs(args)).containsExactly("curl", null, "--password", SecretRedactor.MASK);
    }
}
