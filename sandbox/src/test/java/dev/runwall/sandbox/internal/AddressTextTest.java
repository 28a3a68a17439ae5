package dev.runwall.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest
    @CsvSource({
        "198.18.1.10, 198.18.1.10",
        "fd52:7761:6c6c:0:0:0:0:10, fd52:7761:6c6c::10",
        "fd52:7761:6c6c:ffff:0:0:0:1, fd52:7761:6c6c:ffff::1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "fd52:0:0:1:0:0:0:1, fd52:0:0:1::1",
        "fd52:7761:6c6c:0:0:0:8:8, fd52:7761:6c6c::8:8",
        "fd52:7761:6c6c:1:2:3:4:0, fd52:7761:6c6c:1:2:3:4:0",
        "fd52:0:7761:6c6c:1:2:3:4, fd52:0:7761:6c6c:1:2:3:4",
    })
    void writesTheCompressedForm(String literal, String expected) {
        assertThat(AddressText.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }
}
