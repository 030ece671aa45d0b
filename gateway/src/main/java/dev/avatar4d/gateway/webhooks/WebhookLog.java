package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobNotFoundException;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/**
 * Reads a job's webhook and deliveries for its tenant; another tenant's job does not exist here.
 */
@ApplicationScoped
public class WebhookLog {
  private final Transactions tx;
  private final JobRepository jobs;
  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;

  WebhookLog(
      Transactions tx,
      JobRepository jobs,
      WebhookSubscriptionRepository subscriptions,
      WebhookDeliveryRepository deliveries) {
    this.tx = tx;
    this.jobs = jobs;
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
  }

  /**
   * The log of job {@code id}; {@link JobNotFoundException} unless the job exists and belongs to
   * {@code tenant}.
   */
  public WebhookLogView of(String tenant, String id) {
    UUID jobId = JobQueries.parseId(id);
    return tx.read(
        c -> {
          if (jobs.findOwned(c, tenant, jobId).isEmpty()) {
            throw new JobNotFoundException(id);
          }
          WebhookLogView.Subscription subscription =
              subscriptions.find(c, jobId).map(WebhookLog::view).orElse(null);
          List<WebhookLogView.Delivery> log =
              deliveries.forJob(c, jobId).stream().map(WebhookLog::view).toList();
          return new WebhookLogView(jobId, subscription, log);
        });
  }

  private static WebhookLogView.Subscription view(WebhookSubscription s) {
    List<String> events = EnumSet.copyOf(s.events()).stream().map(WebhookFilter::wireName).toList();
    return new WebhookLogView.Subscription(s.url().toString(), events);
  }

  private static WebhookLogView.Delivery view(DeliveryRow d) {
    return new WebhookLogView.Delivery(
        d.id(),
        d.type(),
        d.status().wireName(),
        d.attempts(),
        d.lastStatusCode(),
        d.lastError(),
        d.createdAt(),
        d.lastAttemptAt(),
        d.nextAttemptAt(),
        d.deliveredAt());
  }
}
