package dev.runwall.dns.resolvconf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.List;

class ResolvConfFuzzTest {

    /**
     * Any text parses (bad lines become warnings, never exceptions), and the file we write from the result
     * parses back to the proxy address and the same kept lines.
     */
    @FuzzTest(maxDuration = "20s")
    void anyTextParsesAndOurRewriteRoundTrips(String text) {
        if (text == null) {
            return; // the fuzzer also tries null; a file always has text
        }
        ResolvConf parsed = ResolvConf.parse(text, "/etc/resolv.conf");
        String ours = ResolvConf.pointingAt(List.of(InetAddress.ofLiteral("127.0.0.1")), parsed.keptLines(), "test");
        ResolvConf again = ResolvConf.parse(ours, "ours");

        assertThat(again.nameservers()).containsExactly(InetAddress.ofLiteral("127.0.0.1"));
        assertThat(again.keptLines()).isEqualTo(parsed.keptLines());
        assertThat(again.warnings()).isEmpty();
    }
}
