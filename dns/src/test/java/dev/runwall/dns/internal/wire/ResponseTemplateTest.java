package dev.runwall.dns.internal.wire;

import static dev.runwall.dns.Messages.a;
import static dev.runwall.dns.Messages.answerTo;
import static dev.runwall.dns.Messages.ednsQuery;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.GateDecision;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ResponseTemplateTest {
    private static final DnsGate GATE = new DnsGate(EgressPolicy.audit(), 1232);

    private static DnsQuery parsed(Message query) {
        return ((GateDecision.Forward) GATE.decide(query)).query();
    }

    private static ResponseTemplate template(Message m) throws Exception {
        return ResponseTemplate.of(m.toWire(), m);
    }

    private static Message upstreamAnswer() {
        Message answer = answerTo(query("api.nuget.org", Type.A));
        answer.addRecord(a("api.nuget.org", 300, "198.18.1.10"), Section.ANSWER);
        answer.addRecord(a("api.nuget.org", 120, "198.18.1.11"), Section.ANSWER);
        answer.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
        answer.getHeader().setFlag(Flags.AD);
        return answer;
    }

    @Test
    void rendersTheClientsIdFlagsAndQuestionCase() throws Exception {
        ResponseTemplate t = template(upstreamAnswer());
        Message q = query("API.NUGET.org", Type.A);
        q.getHeader().setID(777);
        q.getHeader().setFlag(Flags.CD);

        Message r = new Message(t.render(parsed(q), 0, 512, 1232));

        assertThat(r.getHeader().getID()).isEqualTo(777);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.AD)).as("no DO and no AD in the query").isFalse();
        assertThat(r.getQuestion().getName().toString()).isEqualTo("API.NUGET.org.");
        assertThat(r.getSection(Section.ANSWER)).hasSize(2);
        assertThat(r.getOPT()).as("the client sent no OPT").isNull();
    }

    @Test
    void agesEveryTtlAndNeverBelowZero() throws Exception {
        ResponseTemplate t = template(upstreamAnswer());

        Message r = new Message(t.render(parsed(query("api.nuget.org", Type.A)), 200, 512, 1232));

        assertThat(r.getSection(Section.ANSWER)).extracting(Record::getTTL).containsExactly(100L, 0L);
    }

    @Test
    void replacesTheUpstreamOptWithOursForEdnsClients() throws Exception {
        ResponseTemplate t = template(upstreamAnswer());

        Message r = new Message(t.render(parsed(ednsQuery("api.nuget.org", Type.A, 4096, true)), 0, 4096, 1232));

        assertThat(r.getOPT()).isNotNull();
        assertThat(r.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(r.getSection(Section.ADDITIONAL)).hasSize(1);
        assertThat(r.getHeader().getFlag(Flags.AD)).as("the client set DO").isTrue();
    }

    @Test
    void answerLargerThanTheLimitBecomesATruncatedStub() throws Exception {
        Message answer = answerTo(query("big.example", Type.TXT));
        for (int i = 0; i < 10; i++) {
            answer.addRecord(new TXTRecord(dev.runwall.dns.Messages.name("big.example"), org.xbill.DNS.DClass.IN, 60,
                    "x".repeat(200) + i), Section.ANSWER);
        }
        ResponseTemplate t = template(answer);
        DnsQuery q = parsed(ednsQuery("big.example", Type.TXT, 1232, false));

        Message udp = new Message(t.render(q, 0, q.udpResponseLimit(1232), 1232));
        Message tcp = new Message(t.render(q, 0, 65_535, 1232));

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(udp.getQuestion()).isEqualTo(tcp.getQuestion());
        assertThat(udp.getOPT()).isNotNull();
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(10);
    }

    @Test
    void classicClientsAreLimitedTo512Bytes() {
        DnsQuery classic = parsed(query("x.example", Type.A));
        DnsQuery edns = parsed(ednsQuery("x.example", Type.A, 4096, false));
        DnsQuery tiny = parsed(ednsQuery("x.example", Type.A, 100, false));

        assertThat(classic.udpResponseLimit(1232)).isEqualTo(512);
        assertThat(edns.udpResponseLimit(1232)).isEqualTo(1232);
        assertThat(tiny.udpResponseLimit(1232)).isEqualTo(512);
    }

    @Test
    void keepsTheUpstreamsBytesCutBeforeItsOptAndAnyTrailingBytes() throws Exception {
        Message m = upstreamAnswer();
        m.addRecord(Record.fromString(dev.runwall.dns.Messages.name("api.nuget.org"), 65_280, org.xbill.DNS.DClass.IN,
                60, "\\# 3 010203", org.xbill.DNS.Name.root), Section.ANSWER);
        byte[] upstream = m.toWire();
        byte[] withJunk = java.util.Arrays.copyOf(upstream, upstream.length + 5);

        ResponseTemplate t = ResponseTemplate.of(withJunk, new Message(withJunk));
        byte[] rendered = t.render(parsed(query("api.nuget.org", Type.A)), 0, 65_535, 1232);

        assertThat(t.length()).isEqualTo(upstream.length - 11);
        assertThat(java.util.Arrays.copyOfRange(rendered, 12, rendered.length))
                .isEqualTo(java.util.Arrays.copyOfRange(upstream, 12, upstream.length - 11));
        Message r = new Message(rendered);
        assertThat(r.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.A, Type.A, 65_280);
        assertThat(r.getSection(Section.ADDITIONAL)).isEmpty();
    }

    @Test
    void optInTheMiddleOfTheAdditionalSectionIsRemovedByEncodingAgain() throws Exception {
        Message m = answerTo(query("api.nuget.org", Type.A));
        m.addRecord(a("api.nuget.org", 300, "198.18.1.10"), Section.ANSWER);
        m.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
        byte[] wire = m.toWire();
        // Append a glue record after the OPT by hand: dnsjava always writes OPT last.
        byte[] glue = a("ns.nuget.org", 60, "198.18.1.53").toWire(Section.ADDITIONAL);
        byte[] odd = java.util.Arrays.copyOf(wire, wire.length + glue.length);
        System.arraycopy(glue, 0, odd, wire.length, glue.length);
        odd[11] = 2;

        ResponseTemplate t = ResponseTemplate.of(odd, new Message(odd));
        Message r = new Message(t.render(parsed(query("api.nuget.org", Type.A)), 0, 65_535, 1232));

        assertThat(r.getOPT()).isNull();
        assertThat(r.getSection(Section.ADDITIONAL)).extracting(Record::getType).containsExactly(Type.A);
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    }
}
