package dev.avatar4d.gateway.webhooks;

import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for {@code webhook_subscriptions}. Callers own the connection and its transaction. */
@ApplicationScoped
public class WebhookSubscriptionRepository {

  /** Stores the webhook of a job being inserted in the same transaction. */
  public void insert(Connection c, UUID jobId, WebhookSubscription subscription, Instant now)
      throws SQLException {
    String sql =
        "INSERT INTO webhook_subscriptions (job_id, url, events, created_at) VALUES (?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      ps.setString(2, subscription.url().toString());
      ps.setArray(
          3,
          c.createArrayOf(
              "text", subscription.events().stream().map(WebhookFilter::wireName).toArray()));
      setInstant(ps, 4, now);
      ps.executeUpdate();
    }
  }

  /** The job's webhook, if it has one. */
  public Optional<WebhookSubscription> find(Connection c, UUID jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT url, events FROM webhook_subscriptions WHERE job_id = ?")) {
      ps.setObject(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new WebhookSubscription(
                URI.create(rs.getString("url")), filters(rs.getArray("events"))));
      }
    }
  }

  private static Set<WebhookFilter> filters(Array array) throws SQLException {
    Set<WebhookFilter> filters = EnumSet.noneOf(WebhookFilter.class);
    Arrays.stream((Object[]) array.getArray())
        .map(name -> WebhookFilter.byWireName((String) name).orElseThrow())
        .forEach(filters::add);
    return filters;
  }
}
