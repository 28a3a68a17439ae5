package dev.runwall.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {

    @Test
    void exactNameMatchesOnlyItself() throws PolicyException {
        EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, "api.nuget.org:443");
        assertThat(p.allowsName("api.nuget.org")).isTrue();
        assertThat(p.allowsName("www.api.nuget.org")).isFalse();
        assertThat(p.allowsName("nuget.org")).isFalse();
        assertThat(p.allowsName("api.nuget.org.evil.example")).isFalse();
    }

    @Test
    void wildcardMatchesEveryDepthButNotTheApex() throws PolicyException {
        EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, "*.example.com:443");
        assertThat(p.allowsName("a.example.com")).isTrue();
        assertThat(p.allowsName("a.b.c.example.com")).isTrue();
        assertThat(p.allowsName("example.com")).isFalse();
        assertThat(p.allowsName("badexample.com")).isFalse();
        assertThat(p.allowsName("example.com.evil.example")).isFalse();
    }

    @Test
    void portsForNameUnionOfExactAndWildcardEntries() throws PolicyException {
        EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, "a.example.com:80 *.example.com:443 *.co.example.com:8443");
        assertThat(p.portsForName("a.example.com")).extracting(PortSpec::number).containsExactly(80, 443);
        assertThat(p.portsForName("b.example.com")).extracting(PortSpec::number).containsExactly(443);
        assertThat(p.portsForName("x.co.example.com")).extracting(PortSpec::number).containsExactly(443, 8443);
        assertThat(p.portsForName("other.org")).isEmpty();
    }

    @Test
    void addressEntriesMatchByRangeAndPort() throws PolicyException {
        EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, "198.18.7.0/24:443 [fd52:7761:6c6c::7]:*");
        assertThat(p.allowsAddress(InetAddress.ofLiteral("198.18.7.200"), 443)).isTrue();
        assertThat(p.allowsAddress(InetAddress.ofLiteral("198.18.7.200"), 80)).isFalse();
        assertThat(p.allowsAddress(InetAddress.ofLiteral("198.18.8.1"), 443)).isFalse();
        assertThat(p.allowsAddress(InetAddress.ofLiteral("fd52:7761:6c6c::7"), 9999)).isTrue();
        assertThat(p.allowsAddress(InetAddress.ofLiteral("fd52:7761:6c6c::8"), 9999)).isFalse();
        assertThat(p.allowsName("198.18.7.200")).isFalse();
    }

    @Test
    void toAllowedEndpointsIsSortedOnePerLineAndParsesBack() throws PolicyException {
        EgressPolicy p = EgressPolicy.of(EgressMode.BLOCK, "b.example:443, a.example:80");
        assertThat(p.toAllowedEndpoints()).isEqualTo("a.example:80\nb.example:443\n");
        assertThat(EgressPolicy.of(EgressMode.BLOCK, p.toAllowedEndpoints()).endpoints()).isEqualTo(p.endpoints());
    }

    @Test
    void modeParsing() throws PolicyException {
        assertThat(EgressMode.parse(" Block ")).isEqualTo(EgressMode.BLOCK);
        assertThat(EgressMode.parse("audit")).isEqualTo(EgressMode.AUDIT);
        assertThatThrownBy(() -> EgressMode.parse("deny")).hasMessageContaining("'deny' is not valid");
    }
}
