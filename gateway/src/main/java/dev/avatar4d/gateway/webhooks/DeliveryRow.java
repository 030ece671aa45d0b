package dev.avatar4d.gateway.webhooks;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code webhook_deliveries}, as the delivery log shows it. */
public record DeliveryRow(
    String id,
    UUID jobId,
    String type,
    String url,
    DeliveryStatus status,
    int attempts,
    Integer lastStatusCode,
    String lastError,
    Instant createdAt,
    Instant lastAttemptAt,
    Instant nextAttemptAt,
    Instant deliveredAt) {}
