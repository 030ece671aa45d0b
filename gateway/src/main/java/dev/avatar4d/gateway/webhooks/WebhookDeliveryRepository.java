package dev.avatar4d.gateway.webhooks;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.getInteger;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for {@code webhook_deliveries}. Callers own the connection and its transaction. */
@ApplicationScoped
public class WebhookDeliveryRepository {
  private static final int MAX_ERROR_LENGTH = 1000;

  /** Queues a delivery, due at once. */
  public void insert(
      Connection c,
      String id,
      UUID jobId,
      WebhookEventType type,
      String url,
      String payload,
      Instant now)
      throws SQLException {
    String sql =
        "INSERT INTO webhook_deliveries (id, job_id, type, url, payload, created_at, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.setObject(2, jobId);
      ps.setString(3, type.wireName());
      ps.setString(4, url);
      ps.setString(5, payload);
      setInstant(ps, 6, now);
      setInstant(ps, 7, now);
      ps.executeUpdate();
    }
  }

  /**
   * Claims up to {@code limit} due deliveries, oldest due first: rows another dispatcher holds are
   * skipped ({@code FOR UPDATE SKIP LOCKED}), and each claimed row's next attempt moves to {@code
   * leaseUntil}, so nobody else takes it while it is being sent, yet it comes due again should this
   * gateway die before recording the attempt.
   */
  public List<ClaimedDelivery> claimDue(Connection c, Instant now, int limit, Instant leaseUntil)
      throws SQLException {
    String sql =
        "UPDATE webhook_deliveries d SET next_attempt_at = ?"
            + " FROM (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?"
            + "       ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due, jobs j"
            + " WHERE d.id = due.id AND j.id = d.job_id"
            + " RETURNING d.id, j.tenant, d.url, d.payload, d.attempts";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setInstant(ps, 1, leaseUntil);
      setInstant(ps, 2, now);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        while (rs.next()) {
          claimed.add(
              new ClaimedDelivery(
                  rs.getString("id"),
                  rs.getString("tenant"),
                  rs.getString("url"),
                  rs.getString("payload"),
                  rs.getInt("attempts"),
                  List.of()));
        }
        return claimed;
      }
    }
  }

  /** Records one attempt's result and where the delivery goes next. */
  public void recordAttempt(
      Connection c, String id, AttemptResult result, RetryPolicy.Next next, Instant now)
      throws SQLException {
    String sql =
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = ?, last_error = ?,"
            + " last_attempt_at = ?, status = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ? AND status = 'pending'";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (result.statusCode() == null) {
        ps.setNull(1, Types.INTEGER);
      } else {
        ps.setInt(1, result.statusCode());
      }
      ps.setString(2, truncate(result.error()));
      setInstant(ps, 3, now);
      ps.setString(4, next.status().wireName());
      setInstant(ps, 5, next.nextAttemptAt());
      setInstant(ps, 6, next.status() == DeliveryStatus.DELIVERED ? now : null);
      ps.setString(7, id);
      ps.executeUpdate();
    }
  }

  /** Every delivery of the job, oldest first. */
  public List<DeliveryRow> forJob(Connection c, UUID jobId) throws SQLException {
    String sql =
        "SELECT id, job_id, type, url, status, attempts, last_status_code, last_error, created_at,"
            + " last_attempt_at, next_attempt_at, delivered_at FROM webhook_deliveries WHERE job_id = ?"
            + " ORDER BY created_at, id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        List<DeliveryRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(
              new DeliveryRow(
                  rs.getString("id"),
                  rs.getObject("job_id", UUID.class),
                  rs.getString("type"),
                  rs.getString("url"),
                  DeliveryStatus.ofWireName(rs.getString("status")),
                  rs.getInt("attempts"),
                  getInteger(rs, "last_status_code"),
                  rs.getString("last_error"),
                  getInstant(rs, "created_at"),
                  getInstant(rs, "last_attempt_at"),
                  getInstant(rs, "next_attempt_at"),
                  getInstant(rs, "delivered_at")));
        }
        return rows;
      }
    }
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
