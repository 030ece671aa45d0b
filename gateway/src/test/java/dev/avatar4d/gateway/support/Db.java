package dev.avatar4d.gateway.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
}
