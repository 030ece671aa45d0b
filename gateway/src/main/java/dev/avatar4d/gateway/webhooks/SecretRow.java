package dev.avatar4d.gateway.webhooks;

import java.time.Instant;

/**
 * One row of {@code webhook_secrets}.
 *
 * @param retiredAt when a rotation replaced it; null for the current secret
 */
public record SecretRow(String secret, Instant createdAt, Instant retiredAt) {}
