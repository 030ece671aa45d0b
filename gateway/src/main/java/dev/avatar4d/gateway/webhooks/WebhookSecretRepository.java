package dev.avatar4d.gateway.webhooks;

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

/**
 * SQL for {@code webhook_secrets}. Callers own the connection and its transaction, and see secrets
 * in the clear: they are sealed on the way in and opened on the way out ({@link SecretSealer}).
 */
@ApplicationScoped
public class WebhookSecretRepository {
  private final SecretSealer sealer;

  WebhookSecretRepository(SecretSealer sealer) {
    this.sealer = sealer;
  }

  /** The tenant's current secret, if it has one. */
  public Optional<SecretRow> current(Connection c, String tenant) throws SQLException {
    return one(
        c,
        "SELECT secret, created_at, retired_at FROM webhook_secrets WHERE tenant = ? AND retired_at IS NULL",
        tenant,
        null);
  }

  /** The secret retired most recently, if that happened after {@code since}. */
  public Optional<SecretRow> retiredSince(Connection c, String tenant, Instant since)
      throws SQLException {
    return one(
        c,
        "SELECT secret, created_at, retired_at FROM webhook_secrets WHERE tenant = ? AND retired_at > ?"
            + " ORDER BY retired_at DESC LIMIT 1",
        tenant,
        since);
  }

  /**
   * Makes {@code secret} the current one unless the tenant already has a current secret (then
   * nothing changes; a concurrent first use is settled by the unique index).
   */
  public void insertIfNoCurrent(Connection c, String tenant, String secret, Instant now)
      throws SQLException {
    String sql =
        "INSERT INTO webhook_secrets (id, tenant, secret, created_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant) WHERE retired_at IS NULL DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, tenant);
      ps.setString(3, sealer.seal(tenant, secret));
      setInstant(ps, 4, now);
      ps.executeUpdate();
    }
  }

  /** Retires the current secret (if any) at {@code now}. */
  public void retireCurrent(Connection c, String tenant, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE webhook_secrets SET retired_at = ? WHERE tenant = ? AND retired_at IS NULL")) {
      setInstant(ps, 1, now);
      ps.setString(2, tenant);
      ps.executeUpdate();
    }
  }

  /**
   * Locks the tenant's row so that rotations of one tenant take turns; false if there is no such
   * tenant.
   */
  public boolean lockTenant(Connection c, String tenant) throws SQLException {
    // NO KEY UPDATE: does not block job inserts, whose foreign-key checks take KEY SHARE on this
    // row.
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM tenants WHERE id = ? FOR NO KEY UPDATE")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Optional<SecretRow> one(Connection c, String sql, String tenant, Instant since)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      if (since != null) {
        setInstant(ps, 2, since);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new SecretRow(
                    sealer.open(tenant, rs.getString("secret")),
                    getInstant(rs, "created_at"),
                    getInstant(rs, "retired_at")))
            : Optional.empty();
      }
    }
  }
}
