package dev.runwall.dns.internal.cache;

import static dev.runwall.dns.Messages.a;
import static dev.runwall.dns.Messages.answerTo;
import static dev.runwall.dns.Messages.cname;
import static dev.runwall.dns.Messages.query;
import static dev.runwall.dns.Messages.soa;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class CacheLifetimeTest {
    private final CacheLifetime lifetime = CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5));

    private static Message answer() {
        return answerTo(query("www.nuget.org", Type.A));
    }

    @Test
    void positiveAnswerLivesForItsSmallestTtl() {
        Message m = answer();
        m.addRecord(cname("www.nuget.org", 300, "api.nuget.org"), Section.ANSWER);
        m.addRecord(a("api.nuget.org", 42, "198.18.1.10"), Section.ANSWER);

        assertThat(lifetime.secondsFor(m)).isEqualTo(42);
    }

    @Test
    void positiveTtlIsCapped() {
        Message m = answer();
        m.addRecord(a("www.nuget.org", 604_800, "198.18.1.10"), Section.ANSWER);

        assertThat(lifetime.secondsFor(m)).isEqualTo(3600);
    }

    @Test
    void negativeAnswerLivesForTheSmallerOfSoaTtlAndMinimum() {
        Message nx = answer();
        nx.getHeader().setRcode(Rcode.NXDOMAIN);
        nx.addRecord(soa("nuget.org", 60, 120), Section.AUTHORITY);
        Message nodata = answer();
        nodata.addRecord(soa("nuget.org", 240, 90), Section.AUTHORITY);

        assertThat(lifetime.secondsFor(nx)).isEqualTo(60);
        assertThat(lifetime.secondsFor(nodata)).isEqualTo(90);
    }

    @Test
    void negativeTtlIsCapped() {
        Message nx = answer();
        nx.getHeader().setRcode(Rcode.NXDOMAIN);
        nx.addRecord(soa("nuget.org", 86_400, 86_400), Section.AUTHORITY);

        assertThat(lifetime.secondsFor(nx)).isEqualTo(300);
    }

    @Test
    void negativeAnswerWithoutSoaIsNotCached() {
        Message nx = answer();
        nx.getHeader().setRcode(Rcode.NXDOMAIN);

        assertThat(lifetime.secondsFor(nx)).isEqualTo(CacheLifetime.NONE);
    }

    @Test
    void errorsAndTruncatedAnswersAreNotCached() {
        Message servfail = answer();
        servfail.getHeader().setRcode(Rcode.SERVFAIL);
        Message truncated = answer();
        truncated.addRecord(a("www.nuget.org", 300, "198.18.1.10"), Section.ANSWER);
        truncated.getHeader().setFlag(Flags.TC);

        assertThat(lifetime.secondsFor(servfail)).isEqualTo(CacheLifetime.NONE);
        assertThat(lifetime.secondsFor(truncated)).isEqualTo(CacheLifetime.NONE);
    }
}
