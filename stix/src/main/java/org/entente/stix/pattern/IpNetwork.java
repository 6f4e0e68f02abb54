package org.entente.stix.pattern;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * An IPv4 or IPv6 address or CIDR block, as the {@code value} of {@code ipv4-addr} / {@code ipv6-addr}
 * (section 6) is written: a bare address is a /32 (or /128). Host bits below the prefix are ignored.
 * Parsing never resolves names: IPv4 is parsed by hand, IPv6 only once the text is known to be a literal.
 */
record IpNetwork(byte[] address, int prefix) {

    private static final java.util.regex.Pattern V4 =
            java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");
    private static final java.util.regex.Pattern V6 =
            java.util.regex.Pattern.compile("([0-9A-Fa-f:.]+)(?:/(\\d{1,3}))?");

    static Optional<IpNetwork> parse(String text) {
        Matcher m = V4.matcher(text);
        if (m.matches()) {
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255 || (m.group(i + 1).length() > 1 && m.group(i + 1).startsWith("0"))) {
                    return Optional.empty();
                }
                a[i] = (byte) octet;
            }
            int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
            return prefix > 32 ? Optional.empty() : Optional.of(new IpNetwork(a, prefix));
        }
        m = V6.matcher(text);
        if (m.matches() && m.group(1).contains(":")) {
            try {
                byte[] a = InetAddress.getByName("[" + m.group(1) + "]").getAddress();
                if (a.length != 16) {
                    return Optional.empty();
                }
                int prefix = m.group(2) == null ? 128 : Integer.parseInt(m.group(2));
                return prefix > 128 ? Optional.empty() : Optional.of(new IpNetwork(a, prefix));
            } catch (UnknownHostException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether every address of {@code other} is in this network (same family only). */
    boolean contains(IpNetwork other) {
        return address.length == other.address.length && prefix <= other.prefix && samePrefix(other, prefix);
    }

    /** Same family, same prefix length, same network bits. */
    boolean sameNetwork(IpNetwork other) {
        return address.length == other.address.length && prefix == other.prefix && samePrefix(other, prefix);
    }

    private boolean samePrefix(IpNetwork other, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (other.address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
