package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts webhook signing secrets before they are stored, and decrypts them when read. HMAC needs
 * the secret itself, so it cannot be hashed like an API key; AES-256-GCM under {@code
 * avatar4d.webhooks.secret-encryption-key} keeps a database dump or backup from handing out every
 * tenant's signing key. The tenant is authenticated with the ciphertext, so a sealed secret copied
 * to another tenant's row does not open.
 *
 * <p>Stored form: {@code aesgcm:v1:} then base64 of a 12-byte random nonce followed by the
 * ciphertext and its 16-byte tag. Without a configured key secrets are stored in the clear (as
 * before this class existed) and a warning is logged at start; stored values that are not sealed
 * are read as they are, so rows written before a key was configured keep working until the next
 * rotation replaces them.
 */
@ApplicationScoped
@Startup
public class SecretSealer {
  static final String PREFIX = "aesgcm:v1:";
  private static final Logger LOG = Logger.getLogger(SecretSealer.class);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Optional<SecretKey> key;

  @Inject
  SecretSealer(GatewayConfig config) {
    this(config.webhooks().secretEncryptionKey());
    if (key.isEmpty()) {
      LOG.warn(
          "webhook signing secrets are stored in the clear: set avatar4d.webhooks.secret-encryption-key"
              + " (AVATAR4D_WEBHOOKS_SECRET_ENCRYPTION_KEY) to 32 random bytes in base64 to encrypt them");
    }
  }

  /**
   * @param base64Key 32 bytes in base64, or empty to store secrets in the clear
   */
  SecretSealer(Optional<String> base64Key) {
    this.key = base64Key.map(SecretSealer::parseKey);
  }

  /** Whether secrets are encrypted before they are stored. */
  public boolean encrypts() {
    return key.isPresent();
  }

  /** The form of {@code secret} to store for {@code tenant}. */
  public String seal(String tenant, String secret) {
    if (key.isEmpty()) {
      return secret;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed =
        crypt(Cipher.ENCRYPT_MODE, tenant, nonce, secret.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[NONCE_BYTES + sealed.length];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return PREFIX + Base64.getEncoder().encodeToString(out);
  }

  /**
   * The secret {@code stored} holds for {@code tenant}; fails when it was sealed for another tenant
   * or key.
   */
  public String open(String tenant, String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    if (key.isEmpty()) {
      throw new IllegalStateException(
          "a webhook secret of tenant "
              + tenant
              + " is encrypted, but avatar4d.webhooks.secret-encryption-key is not set");
    }
    byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    if (in.length <= NONCE_BYTES) {
      throw new IllegalStateException(
          "the stored webhook secret of tenant " + tenant + " is damaged");
    }
    byte[] nonce = Arrays.copyOfRange(in, 0, NONCE_BYTES);
    byte[] sealed = Arrays.copyOfRange(in, NONCE_BYTES, in.length);
    return new String(crypt(Cipher.DECRYPT_MODE, tenant, nonce, sealed), StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, String tenant, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "the stored webhook secret of tenant "
              + tenant
              + " does not open with the configured key (another key, or another tenant's row)",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static SecretKey parseKey(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "avatar4d.webhooks.secret-encryption-key is not base64", e);
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "avatar4d.webhooks.secret-encryption-key must be 32 bytes (AES-256) in base64, got "
              + bytes.length);
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
