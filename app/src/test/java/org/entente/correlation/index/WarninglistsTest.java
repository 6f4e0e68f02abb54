package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WarninglistsTest {

    final Warninglists lists = Warninglists.builtIn();

    String list(String type, String value) {
        return lists.check(type, value).map(Warninglists.Match::list).orElse(null);
    }

    @Test
    void builtInAddressRangesCoverTheirEdgesOnly() {
        assertThat(list("ipv4-addr", "10.0.0.0")).isEqualTo("private-networks");
        assertThat(list("ipv4-addr", "10.255.255.255")).isEqualTo("private-networks");
        assertThat(list("ipv4-addr", "11.0.0.0")).isNull();
        assertThat(list("ipv4-addr", "9.255.255.255")).isNull();
        assertThat(list("ipv4-addr", "172.16.0.1")).isEqualTo("private-networks");
        assertThat(list("ipv4-addr", "172.32.0.1")).isNull();
        assertThat(list("ipv4-addr", "100.64.0.1")).isEqualTo("private-networks");
        assertThat(list("ipv4-addr", "127.0.0.1")).isEqualTo("loopback-and-link-local");
        assertThat(list("ipv4-addr", "169.254.1.1")).isEqualTo("loopback-and-link-local");
        assertThat(list("ipv4-addr", "192.0.2.255")).isEqualTo("documentation-addresses");
        assertThat(list("ipv4-addr", "198.51.100.7")).isEqualTo("documentation-addresses");
        assertThat(list("ipv4-addr", "203.0.113.0")).isEqualTo("documentation-addresses");
        assertThat(list("ipv4-addr", "203.0.114.0")).isNull();
        assertThat(list("ipv4-addr", "224.0.0.251")).isEqualTo("special-purpose-addresses");
        assertThat(list("ipv4-addr", "255.255.255.255")).isEqualTo("special-purpose-addresses");
        assertThat(list("ipv4-addr", "8.8.8.8")).isNull();
        // Blocks: inside a range, or straddling it.
        assertThat(list("ipv4-addr", "10.1.0.0/16")).isEqualTo("private-networks");
        assertThat(list("ipv4-addr", "10.0.0.0/7")).isNull();
        assertThat(list("ipv6-addr", "::1")).isEqualTo("loopback-and-link-local");
        assertThat(list("ipv6-addr", "fe80::1")).isEqualTo("loopback-and-link-local");
        assertThat(list("ipv6-addr", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("documentation-addresses");
        assertThat(list("ipv6-addr", "2001:db9::")).isNull();
        assertThat(list("ipv6-addr", "fd12:3456::1")).isEqualTo("private-networks");
        assertThat(list("ipv6-addr", "ff02::1")).isEqualTo("special-purpose-addresses");
        assertThat(list("ipv6-addr", "2606:4700::1111")).isNull();
        assertThat(list("ipv6-addr", "not an address")).isNull();
    }

    @Test
    void reservedDomainsCoverSubdomainsButNotLookAlikes() {
        assertThat(list("domain-name", "example.com")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "www.EXAMPLE.com")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "a.b.example.org.")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "host.test")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "foo.invalid")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "localhost")).isEqualTo("reserved-domains");
        assertThat(list("domain-name", "notexample.com")).isNull();
        assertThat(list("domain-name", "example.com.evil.net")).isNull();
        assertThat(list("domain-name", "testing.com")).isNull();
        assertThat(list("url", "https://user@www.example.net:8443/path?q#f")).isEqualTo("reserved-domains");
        assertThat(list("url", "http://10.0.0.1/x")).isEqualTo("private-networks");
        assertThat(list("url", "http://[2001:db8::1]:80/")).isEqualTo("documentation-addresses");
        assertThat(list("url", "http://notexample.com/")).isNull();
        assertThat(list("email-addr", "alice@mail.example.com")).isEqualTo("reserved-domains");
        assertThat(list("email-addr", "alice@evil.net")).isNull();
        // A file named like a domain is not a domain.
        assertThat(list("file", "example.com")).isNull();
    }

    @Test
    void theReasonComesWithTheMatch() {
        Optional<Warninglists.Match> m = lists.check("ipv4-addr", "192.168.1.1");
        assertThat(m).get().satisfies(x -> assertThat(x.reason()).contains("RFC 1918"));
    }

    @Test
    void administratorListsInferTheKindOfEachValue() {
        lists.load("ours", "our own infrastructure", List.of("  93.184.0.0/16 ", "*.corp.acme", "acme.io",
                "2a00:1450::/32", "D41D8CD98F00B204E9800998ECF8427E", "http://updates.acme.io/feed", "svchost.exe",
                "# a comment", "", "ops@acme.net"));
        assertThat(list("ipv4-addr", "93.184.216.34")).isEqualTo("ours");
        assertThat(list("ipv4-addr", "93.185.0.1")).isNull();
        assertThat(list("ipv6-addr", "2a00:1450:4001::1")).isEqualTo("ours");
        assertThat(list("domain-name", "mail.corp.acme")).isEqualTo("ours");
        assertThat(list("domain-name", "corp.acme")).isNull();
        assertThat(list("domain-name", "acme.io")).isEqualTo("ours");
        assertThat(list("domain-name", "www.acme.io")).isEqualTo("ours");
        assertThat(list("domain-name", "notacme.io")).isNull();
        assertThat(list("file", "d41d8cd98f00b204e9800998ecf8427e")).isEqualTo("ours");
        assertThat(list("url", "http://updates.acme.io/feed")).isEqualTo("ours");
        assertThat(list("file", "svchost.exe")).isEqualTo("ours");
        assertThat(list("email-addr", "ops@acme.net")).isEqualTo("ours");
        assertThat(lists.lists()).last().isEqualTo(new Warninglists.ListInfo("ours", "our own infrastructure", 8, false));
        assertThat(lists.lists()).filteredOn(Warninglists.ListInfo::builtIn).hasSize(5);

        // Reloading replaces; unloading removes; built-in lists can be unloaded too.
        lists.load("ours", "changed", List.of("1.1.1.1"));
        assertThat(list("ipv4-addr", "93.184.216.34")).isNull();
        assertThat(lists.check("ipv4-addr", "1.1.1.1")).get().extracting(Warninglists.Match::reason).isEqualTo("changed");
        assertThat(lists.unload("ours")).isTrue();
        assertThat(lists.unload("ours")).isFalse();
        assertThat(lists.unload("private-networks")).isTrue();
        assertThat(list("ipv4-addr", "10.0.0.1")).isNull();
        assertThatThrownBy(() -> lists.load(" ", "r", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Warninglists.empty().check("ipv4-addr", "10.0.0.1")).isEmpty();
    }
}
