package dev.runwall.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedEndpointsParserTest {

    private static List<String> texts(String s) throws PolicyException {
        return AllowedEndpointsParser.parse(s).stream().map(EndpointPattern::text).toList();
    }

    @Test
    void separatorsAreSpacesNewlinesAndCommas() throws PolicyException {
        assertThat(texts("a.example:80 b.example:443,c.example:8080\n d.example:22\r\n\te.example"))
                .containsExactly("a.example:80", "b.example:443", "c.example:8080", "d.example:22", "e.example:443");
    }

    @Test
    void portDefaultsTo443AndStarMeansAny() throws PolicyException {
        assertThat(texts("api.nuget.org")).containsExactly("api.nuget.org:443");
        assertThat(AllowedEndpointsParser.parseEntry("api.nuget.org:*").port().isAny()).isTrue();
    }

    @Test
    void namesAreNormalisedCaseTrailingDotAndIdn() throws PolicyException {
        assertThat(texts("API.NuGet.ORG.:443 bücher.example:443"))
                .containsExactly("api.nuget.org:443", "xn--bcher-kva.example:443");
    }

    @Test
    void duplicatesCollapse() throws PolicyException {
        assertThat(texts("a.example:443 A.example. a.example:443")).containsExactly("a.example:443");
    }

    @Test
    void wildcardIsStoredAsSuffix() throws PolicyException {
        NamePattern p = (NamePattern) AllowedEndpointsParser.parseEntry("*.Example.com:443");
        assertThat(p.wildcard()).isTrue();
        assertThat(p.name()).isEqualTo("example.com");
        assertThat(p.text()).isEqualTo("*.example.com:443");
    }

    @Test
    void addressesAndRanges() throws PolicyException {
        assertThat(texts("198.18.7.9:80 198.18.7.0/24:443 [fd52:7761:6c6c::7]:443 [fd52:7761:6c6c::/48]:*"))
                .containsExactly("198.18.7.9:80", "198.18.7.0/24:443", "[fd52:7761:6c6c::7]:443",
                        "[fd52:7761:6c6c::/48]:*");
    }

    @Test
    void cidrHostBitsAreMasked() throws PolicyException {
        AddressPattern p = (AddressPattern) AllowedEndpointsParser.parseEntry("198.18.7.77/24:443");
        assertThat(p.network().getHostAddress()).isEqualTo("198.18.7.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ok.example:443 bad.example:99999 | entry 2 'bad.example:99999': port 99999 is out of range",
        "bad.example:http | entry 1 'bad.example:http': port 'http' is not a number",
        "https://evil.example/path | entry 1 'https://evil.example/path': write host:port, not a URL",
        "exa mple..com | entry 2 'mple..com': the name has an empty label",
        "foo.*.example:443 | '*' is only allowed as the whole first label",
        "*.com:443 | a wildcard must cover a domain with at least two labels",
        "fd52::7:443 | an IPv6 address must be written in brackets",
        "[fd52::7:443 | missing ']'",
        "198.18.7.0/33:443 | prefix length '/33' must be 0..32",
        "bad!name.example | the character '!' is not allowed",
        ":443 | the host is missing",
        "-lead.example | starts or ends with '-'",
    })
    void badEntriesNameTheEntryAndSayWhy(String input, String message) {
        assertThatThrownBy(() -> AllowedEndpointsParser.parse(input))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptyAndNullAreEmptyPolicies() throws PolicyException {
        assertThat(AllowedEndpointsParser.parse("")).isEmpty();
        assertThat(AllowedEndpointsParser.parse(" ,\n ")).isEmpty();
        assertThat(AllowedEndpointsParser.parse(null)).isEmpty();
    }
}
