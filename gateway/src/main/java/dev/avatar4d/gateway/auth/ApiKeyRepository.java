package dev.avatar4d.gateway.auth;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code api_keys}. Keys are found by the SHA-256 of the whole key ({@link KeyHashes}). */
@ApplicationScoped
public class ApiKeyRepository {
  private static final String COLUMNS = "id, tenant, prefix, label, created_at, revoked_at";

  /** Stores a key by its hash; false when a key with that hash already exists. */
  public boolean insert(Connection c, ApiKeyRecord key, String keyHash) throws SQLException {
    String sql =
        "INSERT INTO api_keys ("
            + COLUMNS
            + ", key_hash) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (key_hash) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key.id());
      ps.setString(2, key.tenant());
      ps.setString(3, key.prefix());
      ps.setString(4, key.label());
      setInstant(ps, 5, key.createdAt());
      setInstant(ps, 6, key.revokedAt());
      ps.setString(7, keyHash);
      return ps.executeUpdate() == 1;
    }
  }

  /** The key with this hash, revoked or not. */
  public Optional<ApiKeyRecord> findByHash(Connection c, String keyHash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?")) {
      ps.setString(1, keyHash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /**
   * What an active key with this hash grants: its id, its tenant and the tenant's own request rate
   * (null for the default). Empty for unknown and revoked keys.
   */
  public Optional<KeyGrant> findGrant(Connection c, String keyHash) throws SQLException {
    String sql =
        "SELECT k.id, k.tenant, t.requests_per_second FROM api_keys k JOIN tenants t ON t.id = k.tenant"
            + " WHERE k.key_hash = ? AND k.revoked_at IS NULL";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, keyHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        double rate = rs.getDouble("requests_per_second");
        Double requestsPerSecond = rs.wasNull() ? null : rate;
        return Optional.of(
            new KeyGrant(
                rs.getObject("id", UUID.class), rs.getString("tenant"), requestsPerSecond));
      }
    }
  }

  /** The tenant's keys, oldest first. */
  public List<ApiKeyRecord> listForTenant(Connection c, String tenant) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM api_keys WHERE tenant = ? ORDER BY created_at, id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        List<ApiKeyRecord> keys = new ArrayList<>();
        while (rs.next()) {
          keys.add(map(rs));
        }
        return keys;
      }
    }
  }

  /** Revokes the key at {@code now}; the revoked key, or empty when there is no such key. */
  public Optional<ApiKeyRecord> revoke(Connection c, UUID id, Instant now) throws SQLException {
    String sql =
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING "
            + COLUMNS;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setInstant(ps, 1, now);
      ps.setObject(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private static ApiKeyRecord map(ResultSet rs) throws SQLException {
    return new ApiKeyRecord(
        rs.getObject("id", UUID.class),
        rs.getString("tenant"),
        rs.getString("prefix"),
        rs.getString("label"),
        getInstant(rs, "created_at"),
        getInstant(rs, "revoked_at"));
  }
}
