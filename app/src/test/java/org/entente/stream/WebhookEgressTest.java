package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.entente.stream.WebhookEgress.Network;
import org.entente.stream.WebhookEgress.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a webhook may send: the node's defence against being used to reach its own network (SSRF). */
class WebhookEgressTest {

    /** Names resolve as this map says (as an attacker's DNS server would answer); literals as themselves. */
    private static WebhookEgress.Resolver dns(Map<String, String> names) {
        return host -> {
            String answer = names.get(host);
            if (answer != null) {
                String[] parts = answer.split(",");
                InetAddress[] out = new InetAddress[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = InetAddress.getByName(parts[i]);
                }
                return out;
            }
            if (WebhookEgress.isLiteral(host)) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        };
    }

    private static final WebhookEgress DEFAULT = new WebhookEgress(List.of(), dns(Map.of(
            "siem.example.org", "203.0.113.10",
            "rebound.example.org", "127.0.0.1",
            "metadata.example.org", "169.254.169.254",
            "mixed.example.org", "198.51.100.7,10.0.0.5",
            "v6only.example.org", "2001:db8::1")));

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
            "http://127.0.0.1:5432/", "http://127.1.2.3/",
            "http://10.0.0.1/hook", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.10/",
            "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0:8080/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://198.18.0.1/",
            "http://[::1]/", "http://[::]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://[ff02::1]/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:7f00:1::]/", "http://[::10.0.0.1]/"})
    void aLiteralInternalAddressIsRefusedNamingTheAddress(String url) {
        Verdict v = DEFAULT.decide(URI.create(url));
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) v).reason()).contains("internal address").contains("entente.webhooks.allowed-networks");
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {"https://siem.example.org/entente", "http://203.0.113.10:8443/x", "http://8.8.8.8/",
            "http://172.32.0.1/", "http://172.15.255.255/", "http://100.128.0.1/", "http://[2001:db8::1]/",
            "http://v6only.example.org/", "https://not-yet-in-dns.example.org/"})
    void aPublicAddressOrAnUnresolvedNameIsAllowed(String url) {
        assertThat(DEFAULT.decide(URI.create(url))).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedAsIfTheAddressWereWritten() {
        assertThat(DEFAULT.decide(URI.create("https://rebound.example.org/hook")))
                .isEqualTo(new Verdict.Refused("'rebound.example.org' resolves to an internal address (127.0.0.1) that webhooks"
                        + " may not reach; an administrator can allow its network with entente.webhooks.allowed-networks"));
        assertThat(DEFAULT.decide(URI.create("http://metadata.example.org/latest/meta-data/"))).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void oneInternalAddressAmongSeveralIsEnoughToRefuse() {
        // Otherwise the client could pick the internal one when it connects.
        Verdict v = DEFAULT.decide(URI.create("http://mixed.example.org/"));
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) v).reason()).contains("10.0.0.5").doesNotContain("198.51.100.7");
    }

    @Test
    void aNameThatLaterResolvesInsideIsRefusedAtThatLaterCheck() {
        Map<String, String> zone = new java.util.HashMap<>(Map.of("flip.example.org", "203.0.113.20"));
        WebhookEgress egress = new WebhookEgress(List.of(), host -> dns(zone).resolve(host));
        URI url = URI.create("https://flip.example.org/");
        assertThat(egress.decide(url)).isInstanceOf(Verdict.Allowed.class);
        zone.put("flip.example.org", "192.168.0.1"); // DNS rebinding after registration
        assertThat(egress.decide(url)).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void anAdministratorsAllowedNetworkLetsExactlyThatNetworkThrough() {
        WebhookEgress egress = new WebhookEgress(List.of(Network.parse("10.20.0.0/16"), Network.parse("fd12:3456::/32")),
                dns(Map.of()));
        assertThat(egress.decide(URI.create("http://10.20.5.6/siem"))).isInstanceOf(Verdict.Allowed.class);
        assertThat(egress.decide(URI.create("http://[fd12:3456::9]/"))).isInstanceOf(Verdict.Allowed.class);
        assertThat(egress.decide(URI.create("http://10.21.0.1/"))).isInstanceOf(Verdict.Refused.class);
        assertThat(egress.decide(URI.create("http://127.0.0.1/"))).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void networksParseAndMatchOnTheirPrefixBits() {
        Network n = Network.parse("172.16.0.0/12");
        assertThat(n.contains(addr("172.16.0.0"))).isTrue();
        assertThat(n.contains(addr("172.31.255.255"))).isTrue();
        assertThat(n.contains(addr("172.32.0.0"))).isFalse();
        assertThat(n.contains(addr("172.15.255.255"))).isFalse();
        assertThat(n.contains(addr("::1"))).isFalse();
        assertThat(Network.parse("203.0.113.9").contains(addr("203.0.113.9"))).isTrue();
        assertThat(Network.parse("203.0.113.9").contains(addr("203.0.113.8"))).isFalse();
        assertThat(Network.parse("0.0.0.0/0").contains(addr("8.8.8.8"))).isTrue();
        assertThat(Network.parse(" 10.0.0.0/8 ").toString()).isEqualTo("10.0.0.0/8");
    }

    @ParameterizedTest(name = "''{0}'' is not a network")
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "siem.example.org/24", "fd00::/129", "10.0.0/8"})
    void aBadNetworkIsRefusedWithTheValueNamed(String bad) {
        assertThatThrownBy(() -> Network.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }

    @Test
    void aBadAllowedNetworkStopsTheNodeNamingTheSetting() {
        assertThatThrownBy(() -> new WebhookProperties(null, null, null, null, List.of("10.0.0.0/8", "intranet")))
                .hasMessageStartingWith("entente.webhooks.allowed-networks: 'intranet'");
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
