package dev.runwall.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {
    @ParameterizedTest
    @CsvSource({
        "fd52:7761:6c6c:0:0:0:0:7, fd52:7761:6c6c::7",
        "fd52:7761:6c6c:0:0:0:66:7, fd52:7761:6c6c::66:7",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:DB8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
        "fd52:0:1:0:1:0:1:0, fd52:0:1:0:1:0:1:0",
        "198.18.1.10, 198.18.1.10",
    })
    void canonicalText(String in, String expected) {
        assertThat(IpText.of(InetAddress.ofLiteral(in))).isEqualTo(expected);
        assertThat(InetAddress.ofLiteral(IpText.of(InetAddress.ofLiteral(in)))).isEqualTo(InetAddress.ofLiteral(in));
    }
}
