package dev.specter.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API tokens: 24 random characters (about 143 bits), stored only as their SHA-256. A fast hash is
 * enough here because tokens, unlike passwords, have full entropy; lookups go by the hash, so the
 * stored value never needs comparing to the secret.
 */
public final class Tokens {
    public static final int LENGTH = 24;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String generate() {
        return randomString(LENGTH);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String randomString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** Lower-case base-32 id of {@code length} characters, for ids that appear in URLs. */
    public static String randomId(int length) {
        final char[] b32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = b32[RANDOM.nextInt(32)];
        }
        return new String(out);
    }
}
