package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.jobs.JobChangeListener;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes webhook rows inside the transactions that change jobs: the subscription with the job's
 * insert, and one delivery per announced change with the change itself. A rolled-back change
 * therefore never sends a webhook, and a committed one always queues its delivery, which the {@link
 * WebhookDispatcher} then sends.
 */
@ApplicationScoped
public class WebhookOutbox implements JobChangeListener {
  /** Prefix of delivery ids, as in the Standard Webhooks examples. */
  static final String ID_PREFIX = "msg_";

  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;

  WebhookOutbox(WebhookSubscriptionRepository subscriptions, WebhookDeliveryRepository deliveries) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
  }

  /** Stores the new job's webhook; nothing when {@code subscription} is null. */
  public void subscribe(Connection c, UUID jobId, WebhookSubscription subscription, Instant now)
      throws SQLException {
    if (subscription != null) {
      subscriptions.insert(c, jobId, subscription, now);
    }
  }

  /**
   * Queues the webhook announcing that {@code job} just became as given through a change of {@code
   * type}, if the job has a webhook that wants it.
   */
  @Override
  public void jobChanged(Connection c, JobRow job, JobEventType type, Instant now)
      throws SQLException {
    Optional<WebhookEventType> eventType = WebhookEventType.of(type);
    if (eventType.isEmpty()) {
      return;
    }
    Optional<WebhookSubscription> subscription = subscriptions.find(c, job.id());
    if (subscription.isEmpty() || !subscription.get().wants(eventType.get())) {
      return;
    }
    String payload = Json.toString(WebhookPayload.of(eventType.get(), job, now));
    deliveries.insert(
        c,
        ID_PREFIX + UUID.randomUUID(),
        job.id(),
        eventType.get(),
        subscription.get().url().toString(),
        payload,
        now);
  }
}
