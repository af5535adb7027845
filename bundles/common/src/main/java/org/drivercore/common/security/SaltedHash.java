package org.drivercore.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A password's salted SHA-256, {@code base64(salt)$base64(sha256(salt || password))}: what the launcher passes to the
 * web console's guard instead of the password (the console shows its framework properties to whoever logs in).
 */
public final class SaltedHash {

    private SaltedHash() {
    }

    /** The salted hash of the password, with a fresh random salt. */
    public static String of(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(sha256(salt, password));
    }

    /** Whether the password is the one the salted hash was made of (in time independent of where they differ). */
    public static boolean matches(String saltedHash, String password) {
        int dollar = saltedHash.indexOf('$');
        if (dollar < 0) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(saltedHash.substring(0, dollar));
            byte[] hash = Base64.getDecoder().decode(saltedHash.substring(dollar + 1));
            return MessageDigest.isEqual(hash, sha256(salt, password));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] salt, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
