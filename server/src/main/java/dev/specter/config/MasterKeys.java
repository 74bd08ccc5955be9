package dev.specter.config;

import dev.specter.secret.SecretBox;
import dev.specter.settings.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Finds the master key for cloud secrets: from the configuration when set, else from
 * {@code <data>/master.key}, creating that file (mode 0600) on first use.
 */
public final class MasterKeys {
    private MasterKeys() {
    }

    public static byte[] resolve(SpecterConfig config) {
        if (!config.masterKey().isEmpty()) {
            return decode(config.masterKey(), "master_key");
        }
        Path file = config.dataDir().resolve("master.key");
        try {
            Files.createDirectories(config.dataDir());
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(config.dataDir(), "master", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(SecretBox.generateKey()) + "\n");
                try {
                    // atomic: two processes starting at once still agree on one key
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // the other process won; use its key
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return decode(Files.readString(file, StandardCharsets.UTF_8).trim(), "");
        } catch (IOException e) {
            throw new ConfigException("data", "cannot hold the master key file " + file + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new ConfigException("data", "holds an unusable master key file " + file + ": it " + e.problem());
        }
    }

    /** @param key the configuration key the text is from; empty when it is from the file */
    static byte[] decode(String base64, String key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "is not valid base64");
        }
        if (bytes.length != 32) {
            throw new ConfigException(key, "must be base64 of 32 bytes, got " + bytes.length + " bytes");
        }
        return bytes;
    }
}
