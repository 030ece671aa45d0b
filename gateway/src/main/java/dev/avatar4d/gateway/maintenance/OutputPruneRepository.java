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
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code output_prunes}. Callers own the connection and its transaction. */
@ApplicationScoped
public class OutputPruneRepository {

  /** A job whose output runs other than {@code keepPrefix} are to be deleted from {@code dueAt}. */
  public record Prune(UUID jobId, String keepPrefix, Instant dueAt) {}

  /**
   * Schedules the job's prune, or postpones a scheduled one to {@code dueAt} (never earlier): a
   * late SUCCEEDED of a stray run means that run wrote until just now.
   */
  public void schedule(Connection c, UUID jobId, String keepPrefix, Instant dueAt)
      throws SQLException {
    String sql =
        "INSERT INTO output_prunes (job_id, keep_prefix, due_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (job_id) DO UPDATE SET keep_prefix = excluded.keep_prefix,"
            + " due_at = greatest(output_prunes.due_at, excluded.due_at)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      ps.setString(2, keepPrefix);
      setInstant(ps, 3, dueAt);
      ps.executeUpdate();
    }
  }

  /** Jobs whose prune is due at {@code now}, earliest first. */
  public List<UUID> due(Connection c, Instant now, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT job_id FROM output_prunes WHERE due_at <= ? ORDER BY due_at LIMIT ?")) {
      setInstant(ps, 1, now);
      ps.setInt(2, limit);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }

  /**
   * The job's prune if it is due at {@code now}, locked until the transaction ends; empty if
   * another sweep holds it.
   */
  public Optional<Prune> lockDue(Connection c, UUID jobId, Instant now) throws SQLException {
    String sql =
        "SELECT keep_prefix, due_at FROM output_prunes WHERE job_id = ? AND due_at <= ?"
            + " FOR UPDATE SKIP LOCKED";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      setInstant(ps, 2, now);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Prune(
                    jobId, rs.getString("keep_prefix"), rs.getTimestamp("due_at").toInstant()))
            : Optional.empty();
      }
    }
  }

  /** Removes the job's prune once done. */
  public void delete(Connection c, UUID jobId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM output_prunes WHERE job_id = ?")) {
      ps.setObject(1, jobId);
      ps.executeUpdate();
    }
  }
}
