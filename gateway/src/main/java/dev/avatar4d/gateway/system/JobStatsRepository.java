package dev.avatar4d.gateway.system;

import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's job figures over the last hour, read from the {@code jobs} table: jobs submitted and
 * finished per minute, run-time percentiles per {@value #DURATION_BUCKET_MINUTES} minutes and over
 * the hour, queue-wait percentiles, and failures by reason ({@link FailureReasons}). The window
 * ends at the start of the next minute, so the newest bar is the minute in progress.
 */
@ApplicationScoped
public class JobStatsRepository {
  static final int MINUTES = 60;
  static final int DURATION_BUCKET_MINUTES = 5;

  private final Transactions tx;
  private final Clock clock;

  JobStatsRepository(Transactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** The figures of {@code tenant}'s jobs for the hour up to now. */
  public SystemView.JobStats lastHour(String tenant) {
    Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Instant from = to.minus(Duration.ofMinutes(MINUTES));
    return tx.read(c -> read(c, tenant, from, to));
  }

  private SystemView.JobStats read(Connection c, String tenant, Instant from, Instant to)
      throws SQLException {
    long[] submitted = new long[MINUTES];
    long[][] finished = new long[3][MINUTES];
    countPerMinute(
        c,
        "SELECT floor(extract(epoch FROM created_at - ?::timestamptz) / 60)::int AS bucket, 'SUBMITTED' AS state,"
            + " count(*) AS n FROM jobs WHERE tenant = ? AND created_at >= ? AND created_at < ? GROUP BY 1",
        tenant,
        from,
        to,
        (bucket, state, n) -> submitted[bucket] += n);
    countPerMinute(
        c,
        "SELECT floor(extract(epoch FROM finished_at - ?::timestamptz) / 60)::int AS bucket, state, count(*) AS n"
            + " FROM jobs WHERE tenant = ? AND finished_at >= ? AND finished_at < ? GROUP BY 1, 2",
        tenant,
        from,
        to,
        (bucket, state, n) -> {
          int row =
              switch (state) {
                case "SUCCEEDED" -> 0;
                case "FAILED" -> 1;
                case "CANCELED" -> 2;
                default -> -1;
              };
          if (row >= 0) {
            finished[row][bucket] += n;
          }
        });
    List<SystemView.Minute> perMinute = new ArrayList<>(MINUTES);
    long[] totals = new long[4];
    for (int m = 0; m < MINUTES; m++) {
      perMinute.add(
          new SystemView.Minute(
              from.plus(Duration.ofMinutes(m)),
              submitted[m],
              finished[0][m],
              finished[1][m],
              finished[2][m]));
      totals[0] += submitted[m];
      totals[1] += finished[0][m];
      totals[2] += finished[1][m];
      totals[3] += finished[2][m];
    }
    Map<String, Long> active = activeNow(c, tenant);
    return new SystemView.JobStats(
        from,
        to,
        MINUTES,
        DURATION_BUCKET_MINUTES,
        active.getOrDefault("QUEUED", 0L),
        active.getOrDefault("RUNNING", 0L),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        perMinute,
        durations(c, tenant, from, to),
        percentiles(
            c,
            "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY s), percentile_cont(0.95) WITHIN GROUP"
                + " (ORDER BY s) FROM (SELECT extract(epoch FROM finished_at - started_at) AS s FROM jobs WHERE tenant = ?"
                + " AND state = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at >= ? AND finished_at < ?) t",
            tenant,
            from,
            to),
        percentiles(
            c,
            "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY s), percentile_cont(0.95) WITHIN GROUP"
                + " (ORDER BY s) FROM (SELECT extract(epoch FROM started_at - created_at) AS s FROM jobs WHERE tenant = ?"
                + " AND started_at >= ? AND started_at < ?) t",
            tenant,
            from,
            to),
        failures(c, tenant, from, to, totals[1] + totals[2] + totals[3]));
  }

  private interface BucketCount {
    void add(int bucket, String state, long n);
  }

  private static void countPerMinute(
      Connection c, String sql, String tenant, Instant from, Instant to, BucketCount sink)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.setInstant(ps, 1, from);
      ps.setString(2, tenant);
      Sql.setInstant(ps, 3, from);
      Sql.setInstant(ps, 4, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int bucket = rs.getInt("bucket");
          if (bucket >= 0 && bucket < MINUTES) {
            sink.add(bucket, rs.getString("state"), rs.getLong("n"));
          }
        }
      }
    }
  }

  private static Map<String, Long> activeNow(Connection c, String tenant) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state, count(*) FROM jobs WHERE tenant = ? AND state IN ('QUEUED', 'RUNNING') GROUP BY state")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private static List<SystemView.DurationBucket> durations(
      Connection c, String tenant, Instant from, Instant to) throws SQLException {
    int buckets = MINUTES / DURATION_BUCKET_MINUTES;
    SystemView.DurationBucket[] found = new SystemView.DurationBucket[buckets];
    String sql =
        "SELECT floor(extract(epoch FROM finished_at - ?::timestamptz) / ?)::int AS bucket, count(*) AS n,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS p50,"
            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS p95"
            + " FROM jobs WHERE tenant = ? AND state = 'SUCCEEDED' AND started_at IS NOT NULL"
            + " AND finished_at >= ? AND finished_at < ? GROUP BY 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.setInstant(ps, 1, from);
      ps.setInt(2, DURATION_BUCKET_MINUTES * 60);
      ps.setString(3, tenant);
      Sql.setInstant(ps, 4, from);
      Sql.setInstant(ps, 5, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int b = rs.getInt("bucket");
          if (b >= 0 && b < buckets) {
            found[b] =
                new SystemView.DurationBucket(
                    bucketStart(from, b),
                    rs.getLong("n"),
                    rs.getDouble("p50"),
                    rs.getDouble("p95"));
          }
        }
      }
    }
    List<SystemView.DurationBucket> all = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      all.add(
          found[b] != null
              ? found[b]
              : new SystemView.DurationBucket(bucketStart(from, b), 0, null, null));
    }
    return all;
  }

  private static Instant bucketStart(Instant from, int bucket) {
    return from.plus(Duration.ofMinutes((long) bucket * DURATION_BUCKET_MINUTES));
  }

  private static SystemView.Percentiles percentiles(
      Connection c, String sql, String tenant, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      Sql.setInstant(ps, 2, from);
      Sql.setInstant(ps, 3, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        return n == 0
            ? new SystemView.Percentiles(0, null, null)
            : new SystemView.Percentiles(n, rs.getDouble(2), rs.getDouble(3));
      }
    }
  }

  private static List<SystemView.FailureReason> failures(
      Connection c, String tenant, Instant from, Instant to, long finished) throws SQLException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, String> examples = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT error, count(*) FROM jobs WHERE tenant = ? AND state = 'FAILED'"
                + " AND finished_at >= ? AND finished_at < ? GROUP BY error ORDER BY count(*) DESC")) {
      ps.setString(1, tenant);
      Sql.setInstant(ps, 2, from);
      Sql.setInstant(ps, 3, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String error = rs.getString(1);
          String reason = FailureReasons.reasonOf(error);
          counts.computeIfAbsent(reason, r -> new long[1])[0] += rs.getLong(2);
          examples.putIfAbsent(reason, error);
        }
      }
    }
    return counts.entrySet().stream()
        .map(
            e ->
                new SystemView.FailureReason(
                    e.getKey(),
                    examples.get(e.getKey()),
                    e.getValue()[0],
                    finished == 0 ? 0 : (double) e.getValue()[0] / finished))
        .sorted(Comparator.comparingLong(SystemView.FailureReason::count).reversed())
        .toList();
  }
}
