package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobNotFoundException;
import dev.avatar4d.gateway.jobs.JobQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/** Reads a job's webhook and deliveries for its tenant; another tenant's job does not exist here. */
@ApplicationScoped
public class WebhookLog {
  private final Transactions tx;
  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;

  WebhookLog(Transactions tx, WebhookSubscriptionRepository subscriptions, WebhookDeliveryRepository deliveries) {
    this.tx = tx;
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
  }

  /** The log of job {@code id}; {@link JobNotFoundException} unless the job exists and belongs to {@code tenant}. */
  public WebhookLogView of(String tenant, String id) {
    UUID jobId = JobQueries.parseId(id);
    return tx.read(c -> {
      if (!ownedBy(c, jobId, tenant)) {
        throw new JobNotFoundException(id);
      }
      WebhookLogView.Subscription subscription = subscriptions.find(c, jobId).map(WebhookLog::view).orElse(null);
      List<WebhookLogView.Delivery> log = deliveries.forJob(c, jobId).stream().map(WebhookLog::view).toList();
      return new WebhookLogView(jobId, subscription, log);
    });
  }

  private static boolean ownedBy(Connection c, UUID jobId, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ? AND tenant = ?")) {
      ps.setObject(1, jobId);
      ps.setString(2, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static WebhookLogView.Subscription view(WebhookSubscription s) {
    List<String> events = EnumSet.copyOf(s.events()).stream().map(WebhookFilter::wireName).toList();
    return new WebhookLogView.Subscription(s.url().toString(), events);
  }

  private static WebhookLogView.Delivery view(DeliveryRow d) {
    return new WebhookLogView.Delivery(d.id(), d.type(), d.status().wireName(), d.attempts(), d.lastStatusCode(),
        d.lastError(), d.createdAt(), d.lastAttemptAt(), d.nextAttemptAt(), d.deliveredAt());
  }
}
