package dev.avatar4d.gateway.maintenance;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import dev.avatar4d.protocol.JobState;
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

/** SQL of the sweeper over the {@code jobs} columns that V4 added. */
@ApplicationScoped
public class RetentionRepository {

  /**
   * Jobs in {@code state} that finished before {@code before} and still have their objects, oldest
   * first.
   */
  public List<UUID> finishedBefore(Connection c, JobState state, Instant before, int limit)
      throws SQLException {
    // Every terminal job has finished_at (the API's cancel, terminal events and the queue timeout
    // set it).
    String sql =
        "SELECT id FROM jobs WHERE state = ? AND outputs_deleted_at IS NULL AND finished_at < ?"
            + " ORDER BY finished_at LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, state.name());
      setInstant(ps, 2, before);
      ps.setInt(3, limit);
      return ids(ps);
    }
  }

  /** The job's retention-relevant columns, locked until the transaction ends. */
  public Optional<Kept> lockKept(Connection c, UUID id) throws SQLException {
    String sql = "SELECT state, finished_at, outputs_deleted_at FROM jobs WHERE id = ? FOR UPDATE";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Kept(
                    JobState.valueOf(rs.getString("state")),
                    getInstant(rs, "finished_at"),
                    getInstant(rs, "outputs_deleted_at")))
            : Optional.empty();
      }
    }
  }

  /** Records that the job's objects were deleted at {@code at}. */
  public void markOutputsDeleted(Connection c, UUID id, Instant at) throws SQLException {
    update(c, "UPDATE jobs SET outputs_deleted_at = ? WHERE id = ?", id, at);
  }

  /** QUEUED jobs whose last change is older than {@code before}, oldest first. */
  public List<UUID> queuedBefore(Connection c, Instant before, int limit) throws SQLException {
    String sql =
        "SELECT id FROM jobs WHERE state = 'QUEUED' AND updated_at < ? ORDER BY updated_at LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setInstant(ps, 1, before);
      ps.setInt(2, limit);
      return ids(ps);
    }
  }

  /** Records that the job expired in the queue at {@code at}. */
  public void markQueueExpired(Connection c, UUID id, Instant at) throws SQLException {
    update(c, "UPDATE jobs SET queue_expired_at = ? WHERE id = ?", id, at);
  }

  /** Deletes idempotency keys that expired at or before {@code now}; returns how many. */
  public int purgeIdempotencyKeys(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM idempotency_keys WHERE expires_at <= ?")) {
      setInstant(ps, 1, now);
      return ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, UUID id, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setInstant(ps, 1, at);
      ps.setObject(2, id);
      ps.executeUpdate();
    }
  }

  private static List<UUID> ids(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<UUID> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
      return ids;
    }
  }

  /** What retention needs to know about a job under its lock. */
  public record Kept(JobState state, Instant finishedAt, Instant outputsDeletedAt) {}
}
