package dev.runwall.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Command lines come from the job, which may be compromised. Whatever the text, {@link SecretRedactor#redact}
 * gives the same as the expressions run without its checks before each ({@link SecretRedactor#redactUnfiltered}):
 * the checks only skip expressions that cannot match. SecretRedactorTest has texts that need every expression.
 */
class SecretRedactorFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void theChecksBeforeEachExpressionChangeNothing(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        assertThat(SecretRedactor.redact(text)).isEqualTo(SecretRedactor.redactUnfiltered(text));
    }
}
