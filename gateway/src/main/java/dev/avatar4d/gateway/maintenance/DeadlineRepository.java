package dev.avatar4d.gateway.maintenance;

import static dev.avatar4d.gateway.db.Sql.setInstant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The deadline sweep's scan of the {@code jobs} table. */
@ApplicationScoped
public class DeadlineRepository {

  /**
   * Live jobs whose {@code cancel_at} has come, and QUEUED ones whose {@code start_by} has, as of
   * {@code now}; most overdue first.
   */
  public List<UUID> due(Connection c, Instant now, int limit) throws SQLException {
    String sql =
        "SELECT id, due FROM ("
            + " SELECT id, cancel_at AS due FROM jobs"
            + "  WHERE cancel_at IS NOT NULL AND state IN ('QUEUED', 'RUNNING') AND cancel_at <= ?"
            + " UNION ALL"
            + " SELECT id, start_by AS due FROM jobs"
            + "  WHERE start_by IS NOT NULL AND state = 'QUEUED' AND start_by <= ?"
            + ") d ORDER BY due LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setInstant(ps, 1, now);
      setInstant(ps, 2, now);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<UUID> ids = new ArrayList<>();
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
        return ids;
      }
    }
  }
}
