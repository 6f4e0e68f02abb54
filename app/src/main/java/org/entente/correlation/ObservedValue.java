package org.entente.correlation;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.entente.stix.StixJson;

import tools.jackson.databind.node.ObjectNode;

/**
 * A bare value as an analyst pastes it (an IP address, a domain, a URL, an e-mail address or a file
 * hash), recognised as the cyber-observable it denotes and turned into that SCO, with the
 * deterministic id of section 3.4 (UUIDv5 over the ID contributing properties), so the same value
 * submitted twice, by anyone, is the same object.
 */
record ObservedValue(String type, String value, String hashAlgorithm) {

    /** Section 2.9: the namespace of deterministic SCO identifiers. */
    static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/(12[0-8]|1[01]\\d|[1-9]?\\d))?");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** What a value that is none of them is told. */
    static final String EXPECTED = "not an IP, domain, URL, e-mail or hash";

    /** The SCO a value denotes, or empty when it is none of the kinds above. */
    static Optional<ObservedValue> infer(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String v = raw.strip();
        if (v.isEmpty() || v.length() > 4096) {
            return Optional.empty();
        }
        if (IPV4.matcher(v).matches()) {
            return Optional.of(new ObservedValue("ipv4-addr", v, null));
        }
        if (IPV6.matcher(v).matches() && v.chars().filter(c -> c == ':').count() >= 2 && isIpv6(v)) {
            return Optional.of(new ObservedValue("ipv6-addr", v.toLowerCase(Locale.ROOT), null));
        }
        if (HEX.matcher(v).matches()) {
            String algorithm = switch (v.length()) {
                case 32 -> "MD5";
                case 40 -> "SHA-1";
                case 64 -> "SHA-256";
                case 128 -> "SHA-512";
                default -> null;
            };
            return algorithm == null ? Optional.empty()
                    : Optional.of(new ObservedValue("file", v.toLowerCase(Locale.ROOT), algorithm));
        }
        int scheme = v.indexOf("://");
        if (scheme > 0) {
            try {
                URI uri = new URI(v);
                return uri.getScheme() != null && uri.getHost() != null
                        ? Optional.of(new ObservedValue("url", v, null)) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        if (EMAIL.matcher(v).matches()) {
            String domain = v.substring(v.indexOf('@') + 1);
            return isDomain(domain) ? Optional.of(new ObservedValue("email-addr", v, null)) : Optional.empty();
        }
        String domain = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        if (isDomain(domain)) {
            return Optional.of(new ObservedValue("domain-name", domain.toLowerCase(Locale.ROOT), null));
        }
        return Optional.empty();
    }

    private static boolean isIpv6(String v) {
        String address = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
        try {
            // A text with colons is parsed as an IPv6 literal, never looked up in DNS.
            return java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static boolean isDomain(String v) {
        String ascii;
        try {
            ascii = IDN.toASCII(v, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // The top-level domain is not all digits (that would be a malformed IPv4 address).
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** The SCO, with its deterministic id. */
    ObjectNode sco() {
        ObjectNode contributing = StixJson.MAPPER.createObjectNode();
        if ("file".equals(type)) {
            contributing.putObject("hashes").put(hashAlgorithm, value);
        } else {
            contributing.put("value", value);
        }
        ObjectNode sco = StixJson.MAPPER.createObjectNode();
        sco.put("type", type);
        sco.put("spec_version", "2.1");
        sco.put("id", type + "--" + uuid5(StixJson.MAPPER.writeValueAsString(contributing)));
        sco.setAll(contributing);
        return sco;
    }

    /**
     * RFC 4122 name-based UUID (version 5, SHA-1) in the SCO namespace. The contributing properties
     * here are one string (or one hash) whose canonical JSON (RFC 8785) is what Jackson writes.
     */
    static UUID uuid5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer ns = ByteBuffer.allocate(16);
            ns.putLong(SCO_NAMESPACE.getMostSignificantBits()).putLong(SCO_NAMESPACE.getLeastSignificantBits());
            sha1.update(ns.array());
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] h = sha1.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
