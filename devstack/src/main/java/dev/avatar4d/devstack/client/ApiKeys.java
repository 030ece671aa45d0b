package dev.avatar4d.devstack.client;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * API keys and other gateway secrets for local runs. The launcher and the tests start the gateway
 * with a fresh random key in {@link #BOOTSTRAP_ENV}; the gateway stores its hash for the {@code
 * default} tenant at start.
 */
public final class ApiKeys {
  /** Environment variable the gateway reads as {@code avatar4d.auth.bootstrap-key}. */
  public static final String BOOTSTRAP_ENV = "AVATAR4D_AUTH_BOOTSTRAP_KEY";

  /** Environment variable the gateway reads as {@code avatar4d.auth.admin-token}. */
  public static final String ADMIN_TOKEN_ENV = "AVATAR4D_AUTH_ADMIN_TOKEN";

  /** Environment variable the gateway reads as {@code avatar4d.webhooks.secret-encryption-key}. */
  public static final String WEBHOOK_SECRET_KEY_ENV = "AVATAR4D_WEBHOOKS_SECRET_ENCRYPTION_KEY";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /**
   * A new random key in the gateway's format: {@code a4d_} and 32 URL-safe characters (192 bits).
   */
  public static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "a4d_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new random AES-256 key in base64, for {@link #WEBHOOK_SECRET_KEY_ENV}. */
  public static String randomEncryptionKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
