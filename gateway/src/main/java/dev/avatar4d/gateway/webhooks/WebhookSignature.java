package dev.avatar4d.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures the Standard Webhooks way (v1, HMAC-SHA256), usable by receivers as well as by
 * the gateway. A request carries {@code webhook-id} (the same on every retry of one delivery),
 * {@code webhook-timestamp} (unix seconds of this attempt) and {@code webhook-signature}: one or
 * more space-separated {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one
 * per secret in use (two while a rotated secret overlaps the new one). A secret is written {@code
 * whsec_<base64 of the key bytes>}; the HMAC key is the decoded bytes.
 *
 * <pre>{@code
 * WebhookSignature.verify(request.headers(), rawBody, List.of(secret), Duration.ofMinutes(5), Clock.systemUTC());
 * }</pre>
 *
 * Verify over the raw body bytes as received: parsing and re-serialising the JSON changes them.
 */
public final class WebhookSignature {
  /** Header with the delivery id. */
  public static final String ID_HEADER = "webhook-id";

  /** Header with the attempt's unix time in seconds. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** Header with the space-separated signatures. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** Prefix of every secret. */
  public static final String SECRET_PREFIX = "whsec_";

  /** Random bytes in a secret this class generates. */
  public static final int SECRET_BYTES = 32;

  /** Fewest key bytes accepted in a secret. */
  public static final int MIN_SECRET_BYTES = 24;

  private static final String VERSION = "v1";
  private static final String HMAC = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new random secret, {@code whsec_} and the base64 of {@link #SECRET_BYTES} random bytes. */
  public static String newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} value: one {@code v1,} signature per secret, space-separated. */
  public static String sign(String id, long timestamp, byte[] body, List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed to sign");
    }
    List<String> signatures = new ArrayList<>(secrets.size());
    for (String secret : secrets) {
      signatures.add(
          VERSION
              + ","
              + Base64.getEncoder().encodeToString(mac(key(secret), id, timestamp, body)));
    }
    return String.join(" ", signatures);
  }

  /**
   * Checks a received webhook: the three headers are present, the timestamp is within {@code
   * tolerance} of {@code clock}, and some {@code v1} signature matches some secret (compared in
   * constant time).
   *
   * @param headers the request headers; names are matched ignoring case
   * @throws WebhookVerificationException saying what did not match
   */
  public static void verify(
      Map<String, ? extends Collection<String>> headers,
      byte[] body,
      Collection<String> secrets,
      Duration tolerance,
      Clock clock)
      throws WebhookVerificationException {
    String id = header(headers, ID_HEADER);
    String timestampText = header(headers, TIMESTAMP_HEADER);
    String signatures = header(headers, SIGNATURE_HEADER);
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampText.trim());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("webhook-timestamp is not a number: " + timestampText);
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
      throw new WebhookVerificationException(
          "webhook-timestamp "
              + timestamp
              + " is more than "
              + tolerance
              + " away from now ("
              + now
              + ")");
    }
    for (String secret : secrets) {
      byte[] expected = mac(key(secret), id, timestamp, body);
      for (String candidate : signatures.trim().split(" +")) {
        if (matches(candidate, expected)) {
          return;
        }
      }
    }
    throw new WebhookVerificationException("no v1 signature matches the given secrets");
  }

  /**
   * The HMAC key in {@code secret}; {@link IllegalArgumentException} when it is not a valid secret.
   */
  public static byte[] key(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
    }
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret needs at least " + MIN_SECRET_BYTES + " key bytes");
    }
    return key;
  }

  private static boolean matches(String candidate, byte[] expected) {
    int comma = candidate.indexOf(',');
    if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(candidate.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, expected);
  }

  private static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String header(Map<String, ? extends Collection<String>> headers, String name)
      throws WebhookVerificationException {
    for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
      if (entry.getKey() != null
          && entry.getKey().equalsIgnoreCase(name)
          && !entry.getValue().isEmpty()) {
        return entry.getValue().iterator().next();
      }
    }
    throw new WebhookVerificationException("missing header " + name);
  }
}
