package dev.runwall.sandbox.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.sandbox.Zone;
import org.xbill.DNS.Message;

/** Whatever bytes arrive, the server answers with a readable message within the size limit, or not at all. */
class AuthorityFuzzTest {
    private final Authority authority = new Authority(new ZoneIndex(Zone.example()));

    @FuzzTest
    void respond(byte[] wire) throws Exception {
        for (Transport transport : Transport.values()) {
            var reply = authority.respond(wire, transport);
            if (reply.isPresent() && !reply.get().dropped()) {
                byte[] out = reply.get().wire();
                Message parsed = new Message(out);
                assertThat(parsed.getHeader().getFlag(org.xbill.DNS.Flags.QR)).isTrue();
                if (transport == Transport.UDP) {
                    assertThat(out.length).isLessThanOrEqualTo(Authority.MAX_UDP_PAYLOAD);
                }
            }
        }
    }
}
