package dev.avatar4d.gateway.queue;

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

/**
 * The queue as the jobs table sees it: every tenant's jobs share the workers, so every count here
 * is over all tenants. A job's size is its driving frames times its views.
 */
@ApplicationScoped
public class QueueRepository {
  private static final String SIZE = "frames_total * jsonb_array_length(options -> 'views')";

  /** A running job's size and the fraction of its frames done. */
  public record Running(long size, double fractionDone) {}

  /** How many QUEUED jobs were accepted before the job accepted at {@code createdAt}. */
  public int countAhead(Connection c, Instant createdAt, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM jobs WHERE state = 'QUEUED'"
                + " AND (created_at < ? OR (created_at = ? AND id < ?))")) {
      bindBefore(ps, createdAt, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Sizes of at most {@code limit} QUEUED jobs accepted before this one, in queue order. */
  public List<Long> sizesAhead(Connection c, Instant createdAt, UUID id, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + SIZE
                + " FROM jobs WHERE state = 'QUEUED'"
                + " AND (created_at < ? OR (created_at = ? AND id < ?))"
                + " ORDER BY created_at, id LIMIT ?")) {
      bindBefore(ps, createdAt, id);
      ps.setInt(4, limit);
      List<Long> sizes = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sizes.add(rs.getLong(1));
        }
      }
      return sizes;
    }
  }

  /** Every RUNNING job. */
  public List<Running> running(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + SIZE
                    + ", frames_done, frames_total FROM jobs WHERE state = 'RUNNING'");
        ResultSet rs = ps.executeQuery()) {
      List<Running> running = new ArrayList<>();
      while (rs.next()) {
        running.add(new Running(rs.getLong(1), (double) rs.getInt(2) / rs.getInt(3)));
      }
      return running;
    }
  }

  /** The newest {@code limit} SUCCEEDED jobs: size and seconds from start to finish. */
  public List<JobCostModel.Finished> recentlySucceeded(Connection c, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + SIZE
                + ", extract(epoch FROM finished_at - started_at) FROM jobs"
                + " WHERE state = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at IS NOT NULL"
                + " ORDER BY finished_at DESC LIMIT ?")) {
      ps.setInt(1, limit);
      List<JobCostModel.Finished> finished = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          finished.add(new JobCostModel.Finished(rs.getLong(1), Math.max(0, rs.getDouble(2))));
        }
      }
      return finished;
    }
  }

  private static void bindBefore(PreparedStatement ps, Instant createdAt, UUID id)
      throws SQLException {
    setInstant(ps, 1, createdAt);
    setInstant(ps, 2, createdAt);
    ps.setObject(3, id);
  }
}
