package dev.runwall.sandbox.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.sandbox.DnsFault;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class AuthorityTest {
    private static final Zone ZONE = Zone.builder()
            .host(Host.named("api.example.test").withIpv4("198.18.1.10").withIpv6("fd52:7761:6c6c::10").withTtl(120))
            .host(Host.named("v4only.example.test").withIpv4("198.18.1.11"))
            .host(Host.named("tc.example.test").withIpv4("198.18.1.12"))
            .cname("www.example.test", "alias.example.test")
            .cname("alias.example.test", "api.example.test")
            .cname("dangling.example.test", "nowhere.example.test")
            .cname("loop1.example.test", "loop2.example.test")
            .cname("loop2.example.test", "loop1.example.test")
            .record("api.example.test", "TXT", "\"hello\" \"world\"")
            .record("example.test", "MX", "10 mail.example.test.")
            .record("_https._tcp.example.test", "SRV", "10 5 443 api.example.test.")
            .record("api.example.test", "HTTPS", "1 . alpn=h2")
            .record("example.test", "CAA", "0 issue \"ca.example.test\"")
            .largeTxt("big.example.test", 2000)
            .fault("dropped.example.test", DnsFault.Kind.DROP)
            .fault(DnsFault.delayed("api.example.test", Duration.ofMillis(1500)))
            .fault("servfail.example.test", DnsFault.Kind.SERVFAIL)
            .fault("refused.example.test", DnsFault.Kind.REFUSED)
            .fault("tc.example.test", DnsFault.Kind.TRUNCATE)
            .build();

    private final Authority authority = new Authority(new ZoneIndex(ZONE));

    @Test
    void answersAWithAuthorityAndTheQueryIdAndFlags() throws Exception {
        Message query = query("api.example.test", Type.A);

        Message reply = ask(query, Transport.UDP);

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
        assertThat(answers(reply)).containsExactly("api.example.test. 120 IN A 198.18.1.10");
    }

    @Test
    void answersAaaa() throws Exception {
        assertThat(answers(ask(query("api.example.test", Type.AAAA), Transport.UDP)))
                .containsExactly("api.example.test. 120 IN AAAA fd52:7761:6c6c:0:0:0:0:10");
    }

    @Test
    void unknownNamesAreNxdomainWithAnSoaOfAnAncestor() throws Exception {
        Message reply = ask(query("nope.example.test", Type.A), Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        Record soa = reply.getSection(Section.AUTHORITY).getFirst();
        assertThat(soa).isInstanceOf(SOARecord.class);
        assertThat(soa.getName()).isEqualTo(Name.fromString("example.test."));
        assertThat(((SOARecord) soa).getMinimum()).isEqualTo(Authority.NEGATIVE_TTL);
    }

    @Test
    void aKnownNameWithoutTheTypeIsNodata() throws Exception {
        Message reply = ask(query("v4only.example.test", Type.AAAA), Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(reply.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void anAncestorOfKnownNamesExistsWithoutRecords() throws Exception {
        assertThat(ask(query("test", Type.A), Transport.UDP).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask(query("_tcp.example.test", Type.A), Transport.UDP).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask(query("other.test", Type.A), Transport.UDP).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void followsCnameChainsInOrder() throws Exception {
        Message reply = ask(query("www.example.test", Type.A), Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(reply)).containsExactly(
                "www.example.test. 60 IN CNAME alias.example.test.",
                "alias.example.test. 60 IN CNAME api.example.test.",
                "api.example.test. 120 IN A 198.18.1.10");
    }

    @Test
    void aCnameQueryGetsOnlyTheCname() throws Exception {
        assertThat(answers(ask(query("www.example.test", Type.CNAME), Transport.UDP)))
                .containsExactly("www.example.test. 60 IN CNAME alias.example.test.");
    }

    @Test
    void aDanglingCnameEndsInNxdomain() throws Exception {
        Message reply = ask(query("dangling.example.test", Type.A), Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
    }

    @Test
    void aCnameLoopEnds() throws Exception {
        Message reply = ask(query("loop1.example.test", Type.A), Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).hasSizeBetween(2, Authority.MAX_CNAME_CHAIN)
                .allMatch(r -> r instanceof CNAMERecord);
    }

    @Test
    void answersInTheSpellingOfTheQuestion() throws Exception {
        Message reply = ask(query("WwW.Example.TEST", Type.A), Transport.UDP);

        assertThat(reply.getSection(Section.ANSWER).getFirst().getName().toString()).isEqualTo("WwW.Example.TEST.");
    }

    @Test
    void answersEveryOtherRecordType() throws Exception {
        assertThat(answers(ask(query("api.example.test", Type.TXT), Transport.UDP)))
                .containsExactly("api.example.test. 60 IN TXT \"hello\" \"world\"");
        assertThat(answers(ask(query("example.test", Type.MX), Transport.UDP)))
                .containsExactly("example.test. 60 IN MX 10 mail.example.test.");
        assertThat(answers(ask(query("_https._tcp.example.test", Type.SRV), Transport.UDP)))
                .containsExactly("_https._tcp.example.test. 60 IN SRV 10 5 443 api.example.test.");
        assertThat(answers(ask(query("api.example.test", Type.HTTPS), Transport.UDP)))
                .containsExactly("api.example.test. 60 IN HTTPS 1 . alpn=h2");
        assertThat(answers(ask(query("example.test", Type.CAA), Transport.UDP)))
                .containsExactly("example.test. 60 IN CAA 0 issue \"ca.example.test\"");
    }

    @Test
    void anyReturnsEveryRecordOfTheName() throws Exception {
        Message reply = ask(query("api.example.test", Type.ANY), Transport.UDP);

        assertThat(reply.getSection(Section.ANSWER)).extracting(Record::getType)
                .containsExactlyInAnyOrder(Type.A, Type.AAAA, Type.TXT, Type.HTTPS);
    }

    @Test
    void aUdpAnswerOver512BytesWithoutEdnsIsTruncated() throws Exception {
        byte[] wire = authority.respond(query("big.example.test", Type.TXT).toWire(), Transport.UDP).orElseThrow().wire();
        Message reply = new Message(wire);

        assertThat(wire.length).isLessThanOrEqualTo(512);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(reply.getQuestion().getName()).isEqualTo(Name.fromString("big.example.test."));
    }

    @Test
    void overTcpTheSameAnswerIsComplete() throws Exception {
        Message reply = ask(query("big.example.test", Type.TXT), Transport.TCP);

        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        TXTRecord txt = (TXTRecord) reply.getSection(Section.ANSWER).getFirst();
        assertThat(String.join("", txt.getStrings())).hasSize(2000);
    }

    @Test
    void honoursTheClientsEdnsBufferSize() throws Exception {
        Message large = ask(withEdns(query("big.example.test", Type.TXT), 4096), Transport.UDP);
        Message small = ask(withEdns(query("big.example.test", Type.TXT), 1232), Transport.UDP);

        assertThat(large.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(large.getSection(Section.ANSWER)).hasSize(1);
        assertThat(large.getOPT().getPayloadSize()).isEqualTo(Authority.MAX_UDP_PAYLOAD);
        assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(small.getSection(Section.ANSWER)).isEmpty();
        assertThat(small.getOPT()).isNotNull();
    }

    @Test
    void anUnknownEdnsVersionIsBadvers() throws Exception {
        Message query = query("api.example.test", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

        assertThat(ask(query, Transport.UDP).getRcode()).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void otherOpcodesAreNotImplemented() throws Exception {
        Message query = query("api.example.test", Type.A);
        query.getHeader().setOpcode(Opcode.STATUS);

        assertThat(ask(query, Transport.UDP).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void otherClassesAndZoneTransfersAreRefused() throws Exception {
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));

        assertThat(ask(chaos, Transport.UDP).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(ask(query("example.test", Type.AXFR), Transport.TCP).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void aQueryWithoutQuestionIsFormerr() throws Exception {
        Message empty = new Message(4711);

        Message reply = ask(empty, Transport.UDP);

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getHeader().getID()).isEqualTo(4711);
    }

    @Test
    void unreadableBytesAfterAHeaderAreFormerrAndLessIsIgnored() throws Exception {
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'x'};

        Reply reply = authority.respond(garbage, Transport.UDP).orElseThrow();

        assertThat(new Message(reply.wire()).getHeader().getID()).isEqualTo(0x1234);
        assertThat(reply.rcode()).isEqualTo(Rcode.FORMERR);
        assertThat(authority.respond(new byte[] {1, 2, 3}, Transport.UDP)).isEmpty();
    }

    @Test
    void responsesAreNeverAnswered() {
        Message response = query("api.example.test", Type.A);
        response.getHeader().setFlag(Flags.QR);

        assertThat(authority.respond(response.toWire(), Transport.UDP)).isEmpty();
    }

    @Test
    void theReplyCarriesQuestionAndRcodeForTheLog() {
        Reply reply = authority.respond(query("nope.example.test", Type.AAAA).toWire(), Transport.UDP).orElseThrow();

        assertThat(reply.question().orElseThrow().getType()).isEqualTo(Type.AAAA);
        assertThat(reply.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.truncated()).isFalse();
    }

    @Test
    void aDroppedNameGetsNoAnswerButIsReportedForTheLog() {
        Reply reply = authority.respond(query("DROPPED.example.test", Type.A).toWire(), Transport.UDP).orElseThrow();

        assertThat(reply.dropped()).isTrue();
        assertThat(reply.question().orElseThrow().getName().toString()).isEqualTo("DROPPED.example.test.");
    }

    @Test
    void aDelayedNameGetsItsNormalAnswerWithTheDelay() throws Exception {
        Reply reply = authority.respond(query("api.example.test", Type.A).toWire(), Transport.TCP).orElseThrow();

        assertThat(reply.delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new Message(reply.wire()).getSection(Section.ANSWER)).hasSize(1);
        assertThat(authority.respond(query("www.example.test", Type.A).toWire(), Transport.UDP).orElseThrow().delay())
                .as("the fault is for the exact name, not for names whose chain passes it").isZero();
    }

    @Test
    void servfailAndRefusedNamesAnswerOnlyTheirCode() throws Exception {
        Message servfail = ask(query("servfail.example.test", Type.A), Transport.UDP);
        Message refused = ask(query("refused.example.test", Type.AAAA), Transport.TCP);

        assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(servfail.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(servfail.getSection(Section.ANSWER)).isEmpty();
        assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void aTruncateNameIsAlwaysTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        Message udp = ask(withEdns(query("tc.example.test", Type.A), 4096), Transport.UDP);
        Message tcp = ask(query("tc.example.test", Type.A), Transport.TCP);

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
    }

    private Message ask(Message query, Transport transport) throws Exception {
        return new Message(authority.respond(query.toWire(), transport).orElseThrow().wire());
    }

    private static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Message withEdns(Message query, int size) {
        query.addRecord(new OPTRecord(size, 0, 0), Section.ADDITIONAL);
        return query;
    }

    private static List<String> answers(Message reply) {
        return reply.getSection(Section.ANSWER).stream().map(r -> r.toString().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void aRecordsComeFromHostAddresses() throws Exception {
        Message reply = ask(query("v4only.example.test", Type.A), Transport.UDP);

        assertThat(reply.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("198.18.1.11"));
    }
}
