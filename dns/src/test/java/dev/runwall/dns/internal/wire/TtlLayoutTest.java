package dev.runwall.dns.internal.wire;

import static dev.runwall.dns.Messages.a;
import static dev.runwall.dns.Messages.answerTo;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

class TtlLayoutTest {

    @Test
    void findsEveryTtlButTheOpts() throws Exception {
        Message m = answerTo(query("api.nuget.org", Type.A));
        m.addRecord(a("api.nuget.org", 300, "198.18.1.10"), Section.ANSWER);
        m.addRecord(a("ns.nuget.org", 7, "198.18.1.53"), Section.ADDITIONAL);
        m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);

        TtlLayout layout = TtlLayout.of(m.toWire());

        assertThat(layout.ttls()).containsExactly(300, 7);
        assertThat(layout.questionEnd()).isEqualTo(12 + "api.nuget.org.".length() + 1 + 4);
    }

    @Test
    void truncatedMessageIsAParseError() throws Exception {
        Message m = answerTo(query("api.nuget.org", Type.A));
        m.addRecord(a("api.nuget.org", 300, "198.18.1.10"), Section.ANSWER);
        byte[] wire = m.toWire();

        assertThatThrownBy(() -> TtlLayout.of(Arrays.copyOf(wire, wire.length - 3)))
                .isInstanceOf(WireParseException.class);
    }
}
