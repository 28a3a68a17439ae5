package dev.runwall.dns.internal.wire;

import static dev.runwall.dns.Messages.ednsQuery;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.GateDecision;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

class UpstreamQueryTest {
    private static DnsQuery parsed(Message m) {
        return ((GateDecision.Forward) new DnsGate(EgressPolicy.audit(), 1232).decide(m)).query();
    }

    @Test
    void asksTheClientsQuestionWithOurEdnsSizeAndTheClientsBits() throws Exception {
        Message client = ednsQuery("Api.NuGet.org", Type.HTTPS, 4096, true);
        client.getHeader().setFlag(Flags.CD);

        Message upstream = new Message(UpstreamQuery.of(parsed(client), 1232));

        assertThat(upstream.getHeader().getID()).isZero();
        assertThat(upstream.getHeader().getFlag(Flags.QR)).isFalse();
        assertThat(upstream.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(upstream.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(upstream.getHeader().getFlag(Flags.AD)).as("the client set DO").isTrue();
        assertThat(upstream.getQuestion().getName().toString()).isEqualTo("Api.NuGet.org.");
        assertThat(upstream.getQuestion().getType()).isEqualTo(Type.HTTPS);
        assertThat(upstream.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(upstream.getOPT().getFlags() & ExtendedFlags.DO).isNotZero();
        assertThat(upstream.getOPT().getOptions()).isEmpty();
    }

    @Test
    void classicClientStillGetsAnEdnsQueryUpstream() throws Exception {
        Message client = query("api.nuget.org", Type.A);
        client.getHeader().unsetFlag(Flags.RD);

        Message upstream = new Message(UpstreamQuery.of(parsed(client), 1232));

        assertThat(upstream.getHeader().getFlag(Flags.RD)).isFalse();
        assertThat(upstream.getHeader().getFlag(Flags.AD)).isFalse();
        assertThat(upstream.getOPT()).isNotNull();
        assertThat(upstream.getOPT().getFlags() & ExtendedFlags.DO).isZero();
    }
}
