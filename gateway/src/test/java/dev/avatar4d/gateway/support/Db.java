package dev.avatar4d.gateway.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;

/** One-line SQL reads for assertions. */
public final class Db {
  private Db() {}

  /** The single value of {@code sql}, or null when it returns no row. */
  public static Object scalar(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code select count(*)} style queries as a long. */
  public static long count(DataSource ds, String sql, Object... args) {
    return ((Number) scalar(ds, sql, args)).longValue();
  }

  /** Sets a job's state and times as a worker's events would have. */
  public static void finish(
      DataSource ds, UUID job, String state, Instant started, Instant finished, String error)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET state = ?, started_at = ?, finished_at = ?, updated_at = ?,"
                    + " error = ? WHERE id = ?")) {
      ps.setString(1, state);
      ps.setObject(2, OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
      ps.setObject(3, OffsetDateTime.ofInstant(finished, ZoneOffset.UTC));
      ps.setObject(4, OffsetDateTime.ofInstant(finished, ZoneOffset.UTC));
      ps.setString(5, error);
      ps.setObject(6, job);
      if (ps.executeUpdate() != 1) {
        throw new AssertionError("no job " + job);
      }
    }
  }
}
