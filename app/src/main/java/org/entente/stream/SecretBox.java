package org.entente.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.entente.node.NodeProperties;
import org.springframework.stereotype.Component;

/**
 * Seals webhook secrets for the database: AES-256-GCM under a key kept in the node's home
 * ({@code <home>/keys/webhook-secrets.key}, owner-only), created on first use. A node must be able to
 * recover a secret to sign with it, so hashing is not an option; sealing means a copy of the database
 * alone (a backup, a dump) yields no secret. The key file belongs with the node's other state.
 */
@Component
class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte VERSION = 1;

    private final Path keyFile;
    private volatile SecretKeySpec key;

    SecretBox(NodeProperties node) {
        this.keyFile = node.home().resolve("keys").resolve("webhook-secrets.key");
    }

    byte[] seal(String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + nonce.length + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    String open(byte[] sealed) {
        try {
            if (sealed.length < 1 + 12 + 16 || sealed[0] != VERSION) {
                throw new IllegalStateException("not a sealed webhook secret");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, sealed, 1, 12));
            return new String(c.doFinal(sealed, 13, sealed.length - 13), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a webhook secret: was " + keyFile + " replaced?", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadOrCreate(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadOrCreate() {
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.getParent());
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path tmp = Files.createTempFile(keyFile.getParent(), "webhook-secrets", ".tmp");
                try {
                    ownerOnly(tmp);
                    Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
                    Files.move(tmp, keyFile); // fails if another node process created it meanwhile
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != 32) {
                throw new IllegalStateException(keyFile + " is not a 256-bit key");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + keyFile, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
    }
}
