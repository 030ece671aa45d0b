package dev.avatar4d.gateway.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Small JDBC conversions shared by the repositories. */
public final class Sql {
  private Sql() {}

  /** Binds an instant as timestamptz (null allowed). */
  public static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    ps.setObject(index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  /** Reads a timestamptz column as an instant (null allowed). */
  public static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** PostgreSQL keeps microseconds; truncating before writing makes values round-trip exactly. */
  public static Instant toDbPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** Reads a nullable integer column. */
  public static Integer getInteger(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
