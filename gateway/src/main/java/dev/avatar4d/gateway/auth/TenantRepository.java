package dev.avatar4d.gateway.auth;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code tenants}. */
@ApplicationScoped
public class TenantRepository {
  private static final String COLUMNS =
      "id, name, max_active_jobs, requests_per_second, created_at";

  /** Creates the tenant; false when one with that id exists already. */
  public boolean insert(Connection c, Tenant tenant) throws SQLException {
    String sql =
        "INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant.id());
      ps.setString(2, tenant.name());
      if (tenant.maxActiveJobs() == null) {
        ps.setNull(3, Types.INTEGER);
      } else {
        ps.setInt(3, tenant.maxActiveJobs());
      }
      if (tenant.requestsPerSecond() == null) {
        ps.setNull(4, Types.DOUBLE);
      } else {
        ps.setDouble(4, tenant.requestsPerSecond());
      }
      setInstant(ps, 5, tenant.createdAt());
      return ps.executeUpdate() == 1;
    }
  }

  /** The tenant, if it exists. */
  public Optional<Tenant> find(Connection c, String id) throws SQLException {
    return findOne(c, "SELECT " + COLUMNS + " FROM tenants WHERE id = ?", id);
  }

  /**
   * The tenant, locked until the end of the transaction: submits of one tenant take turns at the
   * quota check, so that two concurrent submits cannot both take the last free slot.
   */
  public Optional<Tenant> lock(Connection c, String id) throws SQLException {
    return findOne(c, "SELECT " + COLUMNS + " FROM tenants WHERE id = ? FOR UPDATE", id);
  }

  /** All tenants by id. */
  public List<Tenant> list(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM tenants ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<Tenant> tenants = new ArrayList<>();
      while (rs.next()) {
        tenants.add(map(rs));
      }
      return tenants;
    }
  }

  private static Optional<Tenant> findOne(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private static Tenant map(ResultSet rs) throws SQLException {
    int maxActive = rs.getInt("max_active_jobs");
    Integer maxActiveJobs = rs.wasNull() ? null : maxActive;
    double rate = rs.getDouble("requests_per_second");
    Double requestsPerSecond = rs.wasNull() ? null : rate;
    return new Tenant(
        rs.getString("id"),
        rs.getString("name"),
        maxActiveJobs,
        requestsPerSecond,
        getInstant(rs, "created_at"));
  }
}
