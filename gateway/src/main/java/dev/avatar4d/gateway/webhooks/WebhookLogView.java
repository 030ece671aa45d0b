package dev.avatar4d.gateway.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/jobs/{id}/webhooks}: the job's webhook and every delivery made for it.
 *
 * @param subscription null when the job was submitted without a webhook
 */
public record WebhookLogView(UUID jobId, Subscription subscription, List<Delivery> deliveries) {

  /** Where the job's webhooks go and which events it asked for. */
  public record Subscription(String url, List<String> events) {}

  /**
   * One delivery.
   *
   * @param id its {@code webhook-id}
   * @param status {@code pending}, {@code delivered} or {@code failed}
   * @param lastStatusCode HTTP status of the latest attempt; null before the first or without a
   *     response
   * @param nextAttemptAt when a pending delivery is tried next; null once it is delivered or failed
   */
  public record Delivery(
      String id,
      String type,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant lastAttemptAt,
      Instant nextAttemptAt,
      Instant deliveredAt) {}
}
