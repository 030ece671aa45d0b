package dev.avatar4d.gateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Webhook settings, under {@code avatar4d.webhooks.*} (see {@code GatewayConfig#webhooks()}). With
 * the defaults a receiver that stays down gets 16 attempts over about 5 hours on average (at most
 * about 11 hours) before the delivery is marked failed.
 */
public interface WebhooksConfig {
  /** Attempts per delivery, the first included, before it is marked failed. */
  @WithDefault("16")
  int maxAttempts();

  /** Cap of the delay before the second attempt; each later cap doubles (full jitter below it). */
  @WithDefault("5s")
  Duration initialBackoff();

  /** Largest delay between two attempts of one delivery. */
  @WithDefault("2h")
  Duration maxBackoff();

  /** Timeout of one POST to a receiver, connecting included. */
  @WithDefault("15s")
  Duration requestTimeout();

  /** Pause between dispatcher rounds looking for due deliveries. */
  @WithDefault("0.5s")
  Duration pollInterval();

  /**
   * Let webhook URLs point at loopback, private, link-local, unique-local, multicast or unspecified
   * addresses. Off in production, so that a client cannot make the gateway call into its own
   * network (SSRF); tests and local stacks turn it on.
   */
  @WithDefault("false")
  boolean allowPrivateAddresses();

  /** How long a rotated-out secret keeps signing beside the new one. */
  @WithDefault("24h")
  Duration secretRotationOverlap();

  /**
   * 32 random bytes in base64 ({@code openssl rand -base64 32}): the AES-256-GCM key that signing
   * secrets are encrypted with in the database ({@link SecretSealer}). Unset, they are stored in
   * the clear and the gateway warns at start. Keep it outside the database and its backups.
   */
  Optional<String> secretEncryptionKey();

  /** Most deliveries in flight at once; a slow receiver holds only its own slots. */
  @WithDefault("32")
  int maxInFlight();
}
