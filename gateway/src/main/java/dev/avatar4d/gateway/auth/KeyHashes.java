package dev.avatar4d.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes API keys and the hashes they are stored and looked up by. */
public final class KeyHashes {
  /** Every key starts with this, so that leaked keys are easy to recognise (and to scan for). */
  public static final String PREFIX = "a4d_";

  /** Characters of a key kept in clear (with {@link #PREFIX}) to tell keys apart in listings. */
  private static final int SHOWN_CHARS = PREFIX.length() + 6;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyHashes() {}

  /** A new key: {@link #PREFIX} and 32 URL-safe characters (192 random bits). */
  public static String newKey() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes: what the database stores. */
  public static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The part of {@code key} safe to show. */
  public static String shownPrefix(String key) {
    return key.substring(0, Math.min(SHOWN_CHARS, key.length()));
  }

  /** Compares two secrets in time independent of where they differ. */
  public static boolean sameSecret(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
