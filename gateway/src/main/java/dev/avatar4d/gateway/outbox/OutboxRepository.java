package dev.avatar4d.gateway.outbox;

import static dev.avatar4d.gateway.db.Sql.setInstant;

import dev.avatar4d.protocol.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code outbox} table. Callers own the connection and its transaction. */
@ApplicationScoped
public class OutboxRepository {
  private static final int MAX_ERROR_LENGTH = 1000;

  /** Queues {@code value} (as protocol JSON) for {@code topic} under {@code key}. */
  public void add(Connection c, String topic, String key, Object value, Instant now)
      throws SQLException {
    String sql = "INSERT INTO outbox (topic, record_key, payload, created_at) VALUES (?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, topic);
      ps.setString(2, key);
      ps.setString(3, Json.toString(value));
      setInstant(ps, 4, now);
      ps.executeUpdate();
    }
  }

  /**
   * The oldest unpublished rows, locked until the transaction ends; rows another relay holds are
   * skipped rather than waited for, so two gateways never send the same row in parallel.
   */
  public List<OutboxRow> lockUnpublished(Connection c, int limit) throws SQLException {
    String sql =
        "SELECT id, topic, record_key, payload FROM outbox WHERE published_at IS NULL"
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<OutboxRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(
              new OutboxRow(
                  rs.getLong("id"),
                  rs.getString("topic"),
                  rs.getString("record_key"),
                  rs.getString("payload")));
        }
        return rows;
      }
    }
  }

  /** Marks a row as sent. */
  public void markPublished(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE outbox SET published_at = ?, attempts = attempts + 1, last_error = NULL"
                + " WHERE id = ?")) {
      setInstant(ps, 1, now);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** Records a failed attempt; the row stays unpublished and is tried again next round. */
  public void markFailed(Connection c, long id, String error) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
      ps.setString(
          1, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** How many rows wait to be published. */
  public long countUnpublished(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
