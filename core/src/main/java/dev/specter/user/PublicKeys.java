package dev.specter.user;

import dev.specter.validation.InvalidInputException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/** Checks OpenSSH public keys ({@code ssh-ed25519 AAAA... comment}) and computes their SHA256 fingerprint. */
public final class PublicKeys {
    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    private PublicKeys() {
    }

    /** The key's fingerprint as OpenSSH prints it ({@code SHA256:...}); a malformed key is a 400 on {@code field}. */
    public static String fingerprint(String field, String key) {
        String[] parts = key.trim().split("\\s+", 3);
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw new InvalidInputException(field, "'" + field + "' must be an OpenSSH public key such as "
                    + "'ssh-ed25519 AAAA... comment'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "'" + field + "' has an invalid base64 key body");
        }
        if (!parts[0].equals(embeddedType(blob))) {
            throw new InvalidInputException(field, "'" + field + "' key body does not match its type " + parts[0]);
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String embeddedType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int len = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (len <= 0 || len > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }
}
