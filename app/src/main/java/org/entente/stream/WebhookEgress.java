package org.entente.stream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where webhook deliveries may go.
 *
 * <p>A webhook's URL is chosen by a user and the node makes the request. Without a rule, anyone allowed
 * to register a webhook could make the node POST to its own loopback services, its database, a cloud
 * metadata endpoint or the ministry's internal network, and learn from the delivery log whether
 * something answers there (server-side request forgery). So a target with an <em>internal</em> address
 * (loopback, private, link-local, carrier-grade NAT, unique-local, multicast, reserved) is refused
 * unless an administrator allows its network with {@code entente.webhooks.allowed-networks} (CIDR
 * notation), e.g. a SIEM on the ministry's own network.
 *
 * <p>Every address a host name resolves to is checked, at registration and again before each attempt,
 * since DNS can change in between (a name that resolved to a public address when registered and to
 * 127.0.0.1 later is refused then). The HTTP client resolves the name once more when it connects; the
 * JVM's DNS cache (30 s by default) makes that the same answer in practice. Docs: OPERATIONS.md.
 */
final class WebhookEgress {

    /** The decision for one target. */
    sealed interface Verdict {
        record Allowed() implements Verdict {
        }

        /** Refused, with a reason that may be shown to the webhook's owner. */
        record Refused(String reason) implements Verdict {
        }
    }

    /** Looks a host name up; the node's is {@link InetAddress#getAllByName}, tests give their own. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** An IPv4 or IPv6 network in CIDR notation. */
    record Network(byte[] prefix, int bits) {

        Network {
            prefix = prefix.clone();
        }

        /** Parses {@code 10.0.0.0/8}, {@code fd00::/8} or a single address (a /32 or /128). */
        static Network parse(String cidr) {
            String s = cidr.strip();
            int slash = s.indexOf('/');
            String address = slash < 0 ? s : s.substring(0, slash);
            if (!isLiteral(address)) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP network in CIDR notation (e.g. 10.20.0.0/16)");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP network in CIDR notation (e.g. 10.20.0.0/16)");
            }
            int max = bytes.length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + max);
            }
            return new Network(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (prefix[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Network n && n.bits == bits && java.util.Arrays.equals(n.prefix, prefix);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(prefix) + bits;
        }
    }

    /** Addresses no webhook may reach unless allowed: not on the public internet, or the node itself. */
    static final List<Network> INTERNAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8").stream().map(Network::parse).toList();

    /** IPv6 forms that carry an IPv4 address, which is then what counts (NAT64, 6to4, IPv4-compatible). */
    private static final Network NAT64 = Network.parse("64:ff9b::/96");
    private static final Network SIX_TO_FOUR = Network.parse("2002::/16");
    private static final Network V4_COMPATIBLE = Network.parse("::/96");
    private static final Network UNSPECIFIED_V6 = Network.parse("::/128");
    private static final Network LOOPBACK_V6 = Network.parse("::1/128");

    private final List<Network> allowed;
    private final Resolver resolver;

    WebhookEgress(List<Network> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    static WebhookEgress of(WebhookProperties properties) {
        return new WebhookEgress(properties.allowedNetworks().stream().map(Network::parse).toList(), InetAddress::getAllByName);
    }

    /**
     * The decision for a target, at registration and before each attempt. A name that does not resolve
     * (yet) is let through: registration accepts it, and an attempt then fails with the HTTP client's
     * connection error; an internal address is refused at once.
     */
    Verdict decide(URI url) {
        String host = url == null ? null : url.getHost();
        if (host == null) {
            return new Verdict.Refused("the URL names no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return new Verdict.Allowed();
        }
        List<String> internal = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (isInternal(a) && allowed.stream().noneMatch(n -> n.contains(a))) {
                internal.add(a.getHostAddress());
            }
        }
        if (internal.isEmpty()) {
            return new Verdict.Allowed();
        }
        String name = isLiteral(bare) ? "'" + host + "' is" : "'" + host + "' resolves to";
        return new Verdict.Refused(name + " an internal address (" + String.join(", ", internal) + ") that webhooks may"
                + " not reach; an administrator can allow its network with entente.webhooks.allowed-networks");
    }

    static boolean isInternal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (NAT64.contains(v6)) {
                return isInternal(v4(b, 12));
            }
            if (SIX_TO_FOUR.contains(v6)) {
                return isInternal(v4(b, 2));
            }
            if (V4_COMPATIBLE.contains(v6) && !UNSPECIFIED_V6.contains(v6) && !LOOPBACK_V6.contains(v6)) {
                return isInternal(v4(b, 12)); // ::a.b.c.d (deprecated, still routed by some stacks)
            }
        }
        return INTERNAL.stream().anyMatch(n -> n.contains(address));
    }

    private static Inet4Address v4(byte[] b, int from) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IP literal (so looking it up asks no DNS server): IPv4 dotted quad or anything with a colon. */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.toLowerCase(Locale.ROOT).matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
