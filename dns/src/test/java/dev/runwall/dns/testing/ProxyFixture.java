package dev.runwall.dns.testing;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsProxy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.dns.DnsProxyListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy on ephemeral loopback ports (IPv4 and IPv6) in front of fake upstreams on test addresses, inside
 * the test namespace. Close it after each test.
 */
public final class ProxyFixture implements AutoCloseable {
    public static final String UPSTREAM_1 = "198.18.53.1";
    public static final String UPSTREAM_2 = "198.18.53.2";
    public static final String UPSTREAM_V6 = "fd52:7761:6c6c:53::1";

    private final List<FakeUpstream> upstreams = new ArrayList<>();
    private DnsProxy proxy;

    /** The zone every test uses. */
    public static FakeZone zone() {
        return new FakeZone()
                .host("api.dnsit.test", "198.18.1.10", "fd52:7761:6c6c::10")
                .host("cdn.edge.test", "198.18.2.20", "fd52:7761:6c6c::20")
                .cname("www.dnsit.test", "api.dnsit.test")
                .cname("assets.dnsit.test", "cdn.edge.test")
                .txt("api.dnsit.test", "v=runwall-test")
                .mx("dnsit.test", "mail.dnsit.test")
                .srv("_ldap._tcp.dnsit.test", 389, "api.dnsit.test")
                .record("api.dnsit.test", org.xbill.DNS.Type.HTTPS, "1 . alpn=h2 ipv4hint=198.18.1.10")
                .record("svc.dnsit.test", org.xbill.DNS.Type.SVCB, "1 api.dnsit.test. port=8443")
                .record("10.1.18.198.in-addr.arpa", org.xbill.DNS.Type.PTR, "api.dnsit.test.");
    }

    /** Adds a fake upstream on {@code address} (ephemeral port) answering from {@link #zone()}. */
    public FakeUpstream upstream(String address) throws IOException {
        FakeUpstream u = FakeUpstream.start(new InetSocketAddress(address, 0), zone());
        upstreams.add(u);
        return u;
    }

    /** The default test configuration: short timeouts so failure tests stay quick, listening on loopback. */
    public DnsProxyConfig config() {
        List<InetSocketAddress> up = upstreams.stream().map(FakeUpstream::address).toList();
        return DnsProxyConfig.defaults(up)
                .withListen(List.of(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 0)))
                .withTimeouts(Duration.ofMillis(400), 2, Duration.ofMillis(1500));
    }

    public DnsProxy start(EgressPolicy policy, DnsProxyListener listener) throws IOException {
        return start(config(), policy, listener);
    }

    public DnsProxy start(DnsProxyConfig config, EgressPolicy policy, DnsProxyListener listener) throws IOException {
        proxy = DnsProxy.start(config, policy, listener);
        return proxy;
    }

    public dev.runwall.dns.DnsCounters counters() {
        return proxy.counters();
    }

    public InetSocketAddress v4() {
        return proxy.listenAddresses().get(0);
    }

    public InetSocketAddress v6() {
        return proxy.listenAddresses().get(1);
    }

    @Override
    public void close() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        for (FakeUpstream u : upstreams) {
            u.close();
        }
    }
}
