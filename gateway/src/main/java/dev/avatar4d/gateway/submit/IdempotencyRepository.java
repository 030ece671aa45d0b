package dev.avatar4d.gateway.submit;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code idempotency_keys}: which job a tenant's key created, and for which request. */
@ApplicationScoped
public class IdempotencyRepository {

  /** A remembered key: the fingerprint of the request that used it and the job it created. */
  public record Entry(String requestHash, UUID jobId, Instant expiresAt) {}

  /** The key's entry if it has not expired at {@code now}. */
  public Optional<Entry> findLive(Connection c, String tenant, String key, Instant now)
      throws SQLException {
    String sql =
        "SELECT request_hash, job_id, expires_at FROM idempotency_keys"
            + " WHERE tenant = ? AND idem_key = ? AND expires_at > ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      setInstant(ps, 3, now);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Entry(
                    rs.getString("request_hash"),
                    rs.getObject("job_id", UUID.class),
                    getInstant(rs, "expires_at")))
            : Optional.empty();
      }
    }
  }

  /**
   * Remembers that {@code key} created {@code job}, replacing an expired entry; false when a live
   * entry exists (another request with this key won the race).
   */
  public boolean remember(
      Connection c,
      String tenant,
      String key,
      String requestHash,
      UUID job,
      Instant now,
      Instant expiresAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM idempotency_keys WHERE tenant = ? AND idem_key = ? AND expires_at <= ?")) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      setInstant(ps, 3, now);
      ps.executeUpdate();
    }
    String sql =
        "INSERT INTO idempotency_keys (tenant, idem_key, request_hash, job_id, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, idem_key) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      ps.setString(3, requestHash);
      ps.setObject(4, job);
      setInstant(ps, 5, now);
      setInstant(ps, 6, expiresAt);
      return ps.executeUpdate() == 1;
    }
  }
}
