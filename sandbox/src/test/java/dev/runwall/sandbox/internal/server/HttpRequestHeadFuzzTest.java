package dev.runwall.sandbox.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Whatever a client sends, the request head reader returns a head or a parse exception, nothing else. */
class HttpRequestHeadFuzzTest {

    @FuzzTest
    void read(byte[] bytes) throws IOException {
        try {
            HttpRequestHead head = HttpRequestHead.read(new ByteArrayInputStream(bytes));
            assertThat(head.version()).startsWith("HTTP/1.");
            head.hostName();
        } catch (HttpParseException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
