package org.entente.coordination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.entente.community.Ids.ParticipantId;
import org.entente.node.NodeProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each participant's Ed25519 endorsement key on this node: generated on first use, the private key in
 * {@code <home>/keys/participants/<id>.key} (PKCS#8 PEM, 0600, directory 0700), its public half in
 * {@code participant_signing_key}. (Federation will certify participant keys; until then the node that
 * holds a participant's users holds its key.)
 */
@Component
class SigningKeys {

    record Key(String keyId, PrivateKey privateKey, PublicKey publicKey) {
    }

    private final Path dir;
    private final JdbcClient jdbc;

    SigningKeys(NodeProperties node, JdbcClient jdbc) {
        this.dir = node.home().resolve("keys").resolve("participants");
        this.jdbc = jdbc;
    }

    synchronized Key of(ParticipantId participant) {
        Path file = dir.resolve(participant.value() + ".key");
        try {
            KeyPair pair = Files.exists(file) ? read(file) : create(file);
            String kid = EndorsementSignatures.keyId(pair.getPublic());
            jdbc.sql("insert into participant_signing_key (key_id, participant_id, public_key) values (?, ?, ?) on conflict do nothing")
                    .params(kid, participant.value(), EndorsementSignatures.encodePublicKey(pair.getPublic())).update();
            return new Key(kid, pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable signing key " + file, e);
        }
    }

    private static KeyPair create(Path file) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        // The JDK's PKCS#8 encoding of an Ed25519 key does not carry the public key: both go in the file.
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return pair;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] block(String pem, String type) {
        int start = pem.indexOf("-----BEGIN " + type + "-----");
        int end = pem.indexOf("-----END " + type + "-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + type.length() + 16, end));
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        KeyFactory keys = KeyFactory.getInstance("Ed25519");
        return new KeyPair(keys.generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY"))),
                keys.generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY"))));
    }
}
