package dev.runwall.agent.internal;

import dev.runwall.agent.firewall.AddressLifetime;
import dev.runwall.agent.firewall.AllowedAddressSet;
import dev.runwall.agent.flow.AddressNames;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.ReleaseRefusedException;
import dev.runwall.dns.Resolution;
import dev.runwall.dns.ResolvedAddress;
import dev.runwall.linux.nft.NftException;
import java.time.Clock;
import java.time.Instant;

/**
 * The firewall's side of every released DNS answer: remembers which name the answer's addresses belong
 * to (both modes, for naming flows), and in block mode puts them into the allowed sets with the name's
 * ports before the client sees the answer. If the kernel refuses, the answer is withheld (SERVFAIL):
 * a client must never hold an address it cannot reach for a reason nobody recorded.
 */
public final class AnswerAllowance implements DnsProxyListener {
    private final AddressNames names;
    private final AllowedAddressSet allowed;
    private final AddressLifetime lifetime;
    private final Clock clock;

    /** @param allowed the allowed sets in block mode; null in audit mode (nothing to program) */
    public AnswerAllowance(AddressNames names, AllowedAddressSet allowed, AddressLifetime lifetime, Clock clock) {
        this.names = names;
        this.allowed = allowed;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public void beforeRelease(QueryContext query, Resolution resolution) throws ReleaseRefusedException {
        if (resolution.addresses().isEmpty()) {
            return;
        }
        if (allowed != null) {
            try {
                allowed.allow(resolution.addresses(), resolution.ports());
            } catch (NftException e) {
                throw new ReleaseRefusedException("the firewall refused the answer's addresses: " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant();
        names.remember(resolution.domain(), resolution.addresses(), resolution.ports(),
                (ResolvedAddress a) -> now.plusSeconds(lifetime.seconds(a.ttlSeconds())));
    }
}
