package dev.runwall.linux.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketEntryTest {

    static String resource(String name) throws IOException {
        try (InputStream in = SocketEntryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void decodesIpv4TableWithHostEndianWords() throws Exception {
        List<SocketEntry> t = SocketEntry.parseTable(resource("udp.txt"));
        assertThat(t).hasSize(2);
        assertThat(t.get(0).local()).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 56712));
        assertThat(t.get(0).remote()).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 53));
        assertThat(t.get(0).inode()).isEqualTo(21958);
        assertThat(t.get(1).uid()).isEqualTo(1001);
    }

    @Test
    void decodesIpv6TableIncludingMappedAddresses() throws Exception {
        List<SocketEntry> t = SocketEntry.parseTable(resource("udp6.txt"));
        assertThat(t.get(0).local()).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("::1"), 59344));
        // ::ffff:198.18.0.10 is returned by Java as the IPv4 address
        assertThat(t.get(1).local().getAddress().getHostAddress()).isEqualTo("198.18.0.10");
        assertThat(t.get(1).local().getPort()).isEqualTo(8080);
    }

    @Test
    void malformedLinesAreCheckedErrors() {
        assertThatThrownBy(() -> SocketEntry.parseTable("header\n 1: 0100007F 0 01")).isInstanceOf(ProcParseException.class);
        assertThatThrownBy(() -> SocketEntry.parseTable("header\n 1: 01007F:0035 0100007F:0035 01 0:0 0:0 0 0 0 5 2"))
                .hasMessageContaining("hex digits");
    }
}
