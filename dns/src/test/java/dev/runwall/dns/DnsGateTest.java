package dev.runwall.dns;

import static dev.runwall.dns.Messages.a;
import static dev.runwall.dns.Messages.aaaa;
import static dev.runwall.dns.Messages.answerTo;
import static dev.runwall.dns.Messages.cname;
import static dev.runwall.dns.Messages.ednsQuery;
import static dev.runwall.dns.Messages.inet;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.core.policy.PortSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsGateTest {
    private static final String POLICY = "api.nuget.org:443 *.github.com:443 www.nuget.org:80";

    private static DnsGate gate(EgressMode mode) throws PolicyException {
        return new DnsGate(EgressPolicy.of(mode, POLICY), 1232);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AAAA", "CNAME", "HTTPS", "SVCB", "TXT", "MX", "SRV", "ANY", "PTR", "NS", "SOA", "CAA",
        "DS", "TYPE65280"})
    void auditForwardsEveryTypeOfEveryName(String type) throws Exception {
        GateDecision d = gate(EgressMode.AUDIT).decide(query("evil.example", Type.value(type)));

        assertThat(d).isInstanceOfSatisfying(GateDecision.Forward.class, f -> {
            assertThat(f.verdict()).isEqualTo(Verdict.AUDITED);
            assertThat(f.query().domain()).isEqualTo("evil.example");
            assertThat(f.query().typeName()).isEqualTo(type);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AAAA", "CNAME", "HTTPS", "SVCB", "TXT", "MX", "SRV", "ANY", "PTR", "NS", "CAA"})
    void blockForwardsAllowedNamesOfEveryType(String type) throws Exception {
        GateDecision d = gate(EgressMode.BLOCK).decide(query("api.nuget.org", Type.value(type)));

        assertThat(d).isInstanceOfSatisfying(GateDecision.Forward.class,
                f -> assertThat(f.verdict()).isEqualTo(Verdict.ALLOWED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AAAA", "CNAME", "HTTPS", "SVCB", "TXT", "MX", "SRV", "ANY", "PTR", "NS", "CAA"})
    void blockAnswersNxdomainForOtherNamesOfEveryType(String type) throws Exception {
        Message q = query("exfil.attacker.example", Type.value(type));

        GateDecision d = gate(EgressMode.BLOCK).decide(q);

        assertThat(d).isInstanceOf(GateDecision.Block.class);
        GateDecision.Block b = (GateDecision.Block) d;
        assertThat(b.reason()).isEqualTo(DnsGate.REASON_NOT_ALLOWED);
        Message r = new Message(b.response());
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.AA)).as("authoritative-looking").isTrue();
        assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getSection(Section.AUTHORITY)).as("minimal: no SOA, so clients do not cache the refusal").isEmpty();
    }

    @Test
    void wildcardCoversSubdomainsAtAnyDepthButNotTheApex() throws Exception {
        DnsGate g = gate(EgressMode.BLOCK);

        assertThat(g.decide(query("api.github.com", Type.A))).isInstanceOf(GateDecision.Forward.class);
        assertThat(g.decide(query("a.b.c.github.com", Type.A))).isInstanceOf(GateDecision.Forward.class);
        assertThat(g.decide(query("github.com", Type.A))).isInstanceOf(GateDecision.Block.class);
        assertThat(g.decide(query("evilgithub.com", Type.A))).isInstanceOf(GateDecision.Block.class);
    }

    @Test
    void namesCompareWithoutCaseAndWithoutTrailingDot() throws Exception {
        GateDecision d = gate(EgressMode.BLOCK).decide(query("API.NuGet.ORG.", Type.A));

        assertThat(d).isInstanceOfSatisfying(GateDecision.Forward.class, f -> {
            assertThat(f.query().domain()).isEqualTo("api.nuget.org");
            assertThat(f.query().name().toString()).as("the asked case is kept").isEqualTo("API.NuGet.ORG.");
        });
    }

    @Test
    void nameThatIsNoHostNameIsBlockedWithItsOwnReasonAndAuditedAsPresented() throws Exception {
        Message q = query("a\\032b.api.nuget.org", Type.A);

        GateDecision blocked = gate(EgressMode.BLOCK).decide(q);
        GateDecision audited = gate(EgressMode.AUDIT).decide(q);

        assertThat(blocked).isInstanceOfSatisfying(GateDecision.Block.class,
                b -> assertThat(b.reason()).isEqualTo(DnsGate.REASON_NOT_A_HOST_NAME));
        assertThat(audited).isInstanceOfSatisfying(GateDecision.Forward.class, f -> {
            assertThat(f.query().validHostName()).isFalse();
            assertThat(f.query().domain()).isEqualTo("a\\032b.api.nuget.org");
        });
    }

    @Test
    void blockedResponseCarriesOptWhenTheQueryDid() throws Exception {
        GateDecision d = gate(EgressMode.BLOCK).decide(ednsQuery("evil.example", Type.AAAA, 4096, true));

        Message r = new Message(((GateDecision.Block) d).response());
        assertThat(r.getOPT()).isNotNull();
        assertThat(r.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(r.getOPT().getFlags() & ExtendedFlags.DO).isNotZero();
        assertThat(((GateDecision.Block) d).query().edns().udpPayloadSize()).isEqualTo(4096);
    }

    @Test
    void rawBytesTooShortForAHeaderAreDropped() throws Exception {
        assertThat(gate(EgressMode.BLOCK).decide(new byte[] {0x12, 0x34, 0, 0})).isInstanceOf(GateDecision.Drop.class);
    }

    @Test
    void responsesAreDroppedNeverAnswered() throws Exception {
        Message response = answerTo(query("api.nuget.org", Type.A));

        assertThat(gate(EgressMode.BLOCK).decide(response.toWire())).isInstanceOf(GateDecision.Drop.class);
        assertThat(gate(EgressMode.AUDIT).decide(response)).isInstanceOf(GateDecision.Drop.class);
    }

    @Test
    void unreadableQuestionGetsFormerrWithTheQueryId() throws Exception {
        byte[] wire = query("api.nuget.org", Type.A).toWire();
        byte[] cut = java.util.Arrays.copyOf(wire, 20); // header says one question, the name is cut short

        GateDecision d = gate(EgressMode.AUDIT).decide(cut);

        assertThat(d).isInstanceOfSatisfying(GateDecision.Reject.class, r -> {
            assertThat(r.rcode()).isEqualTo(Rcode.FORMERR);
            assertThat(r.query()).isNull();
        });
        Message r = new Message(((GateDecision.Reject) d).response());
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
    }

    @Test
    void queryWithoutQuestionIsFormerr() throws Exception {
        Message m = new Message(99);

        assertThat(gate(EgressMode.AUDIT).decide(m)).isInstanceOfSatisfying(GateDecision.Reject.class,
                r -> assertThat(r.rcode()).isEqualTo(Rcode.FORMERR));
    }

    @Test
    void otherOpcodesAreNotImplemented() throws Exception {
        Message m = query("api.nuget.org", Type.SOA);
        m.getHeader().setOpcode(Opcode.NOTIFY);

        GateDecision d = gate(EgressMode.AUDIT).decide(m.toWire());

        assertThat(d).isInstanceOfSatisfying(GateDecision.Reject.class,
                r -> assertThat(r.rcode()).isEqualTo(Rcode.NOTIMP));
        assertThat(new Message(((GateDecision.Reject) d).response()).getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    }

    @Test
    void unknownEdnsVersionGetsBadvers() throws Exception {
        Message m = query("api.nuget.org", Type.A);
        m.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

        GateDecision d = gate(EgressMode.AUDIT).decide(m);

        assertThat(d).isInstanceOfSatisfying(GateDecision.Reject.class,
                r -> assertThat(r.rcode()).isEqualTo(Rcode.BADVERS));
        assertThat(new Message(((GateDecision.Reject) d).response()).getRcode()).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void twoOptRecordsAreFormerr() throws Exception {
        Message m = ednsQuery("api.nuget.org", Type.A, 1232, false);
        m.addRecord(new org.xbill.DNS.OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);

        assertThat(gate(EgressMode.AUDIT).decide(m)).isInstanceOfSatisfying(GateDecision.Reject.class,
                r -> assertThat(r.rcode()).isEqualTo(Rcode.FORMERR));
    }

    @Test
    void zoneTransfersAreNotProxied() throws Exception {
        assertThat(gate(EgressMode.AUDIT).decide(query("nuget.org", Type.AXFR)))
                .isInstanceOfSatisfying(GateDecision.Reject.class, r -> assertThat(r.rcode()).isEqualTo(Rcode.NOTIMP));
    }

    @Test
    void cnameChainFromAllowedToDisallowedNameIsFollowedAndRecorded() throws Exception {
        Message q = query("www.nuget.org", Type.A);
        Message answer = answerTo(q);
        answer.addRecord(cname("www.nuget.org", 300, "cdn.edge.example"), Section.ANSWER);
        answer.addRecord(cname("cdn.edge.example", 60, "api.nuget.org"), Section.ANSWER);
        answer.addRecord(a("api.nuget.org", 30, "198.18.1.10"), Section.ANSWER);
        answer.addRecord(aaaa("api.nuget.org", 30, "fd52:7761:6c6c::10"), Section.ANSWER);
        answer.addRecord(a("unrelated.example", 30, "198.18.9.9"), Section.ANSWER);
        DnsGate g = gate(EgressMode.BLOCK);
        DnsQuery query = ((GateDecision.Forward) g.decide(q)).query();

        Resolution r = g.resolve(query, answer);

        assertThat(r.cnameChain()).containsExactly("cdn.edge.example", "api.nuget.org");
        assertThat(r.chainOutsidePolicy()).containsExactly("cdn.edge.example");
        assertThat(r.addresses()).extracting(ResolvedAddress::address)
                .containsExactly(inet("198.18.1.10"), inet("fd52:7761:6c6c::10"));
        assertThat(r.addresses()).extracting(ResolvedAddress::ttlSeconds).containsExactly(30L, 30L);
        assertThat(r.answers()).hasSize(5);
        assertThat(r.ports()).containsExactly(PortSpec.of(80));
        assertThat(r.rcode()).isEqualTo("NOERROR");
    }

    @Test
    void auditModeRecordsTheChainButNothingIsOutsideAPolicy() throws Exception {
        Message q = query("www.nuget.org", Type.A);
        Message answer = answerTo(q);
        answer.addRecord(cname("www.nuget.org", 300, "cdn.edge.example"), Section.ANSWER);
        answer.addRecord(a("cdn.edge.example", 30, "198.18.1.10"), Section.ANSWER);
        DnsGate g = gate(EgressMode.AUDIT);

        Resolution r = g.resolve(((GateDecision.Forward) g.decide(q)).query(), answer);

        assertThat(r.cnameChain()).containsExactly("cdn.edge.example");
        assertThat(r.chainOutsidePolicy()).isEmpty();
        assertThat(r.addresses()).extracting(ResolvedAddress::owner).containsExactly("cdn.edge.example");
    }

    @Test
    void cnameLoopEnds() throws Exception {
        Message q = query("api.nuget.org", Type.A);
        Message answer = answerTo(q);
        answer.addRecord(cname("api.nuget.org", 300, "loop.example"), Section.ANSWER);
        answer.addRecord(cname("loop.example", 300, "api.nuget.org"), Section.ANSWER);
        DnsGate g = gate(EgressMode.BLOCK);

        Resolution r = g.resolve(((GateDecision.Forward) g.decide(q)).query(), answer);

        assertThat(r.cnameChain()).containsExactly("loop.example");
        assertThat(r.addresses()).isEmpty();
    }

    @Test
    void negativeAnswerResolvesToNothing() throws Exception {
        Message q = query("api.nuget.org", Type.AAAA);
        Message answer = answerTo(q);
        answer.getHeader().setRcode(Rcode.NXDOMAIN);
        DnsGate g = gate(EgressMode.BLOCK);

        Resolution r = g.resolve(((GateDecision.Forward) g.decide(q)).query(), answer);

        assertThat(r.rcode()).isEqualTo("NXDOMAIN");
        assertThat(r.addresses()).isEmpty();
        assertThat(r.answers()).isEmpty();
    }

    @Test
    void parsedAndRawPathsAgree() throws IOException, PolicyException {
        Message q = query("api.nuget.org", Type.HTTPS);
        DnsGate g = gate(EgressMode.BLOCK);

        assertThat(g.decide(q.toWire())).isEqualTo(g.decide(q));
    }
}
