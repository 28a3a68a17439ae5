package dev.runwall.sandbox.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestHeadTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsTheRequestLineAndHeadersAndLeavesTheBody() throws Exception {
        InputStream in = stream("POST /upload HTTP/1.1\r\nHost: API.Example.test:8080\r\nContent-Length: 4\r\n\r\nbody");

        HttpRequestHead head = HttpRequestHead.read(in);

        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.target()).isEqualTo("/upload");
        assertThat(head.header("content-length")).hasValue("4");
        assertThat(head.hostName()).hasValue("api.example.test");
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
    }

    @Test
    void acceptsBareNewlinesAndBracketedIpv6Hosts() throws Exception {
        HttpRequestHead head = HttpRequestHead.read(stream("GET / HTTP/1.0\nHost: [fd52:7761:6c6c::10]:80\n\n"));

        assertThat(head.hostName()).hasValue("fd52:7761:6c6c::10");
    }

    @Test
    void rejectsWhatIsNotHttp() {
        assertThatThrownBy(() -> HttpRequestHead.read(stream("HELLO\r\n\r\n")))
                .isInstanceOf(HttpParseException.class).hasMessageContaining("METHOD TARGET HTTP/1.x");
        assertThatThrownBy(() -> HttpRequestHead.read(stream("GET / HTTP/1.1\r\nno colon\r\n\r\n")))
                .isInstanceOf(HttpParseException.class).hasMessageContaining("Name: value");
        assertThatThrownBy(() -> HttpRequestHead.read(stream("GET / HTTP/1.1\r\nHost: x")))
                .isInstanceOf(HttpParseException.class).hasMessageContaining("ended inside the request head");
        assertThatThrownBy(() -> HttpRequestHead.read(stream("GET /" + "a".repeat(HttpRequestHead.MAX_HEAD_BYTES))))
                .isInstanceOf(HttpParseException.class).hasMessageContaining("longer than");
    }
}
