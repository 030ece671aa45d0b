package dev.avatar4d.gateway.maintenance;

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
import java.util.UUID;

/** SQL a re-queue needs beyond the job row: its inputs, attempts, expiry marks and history. */
@ApplicationScoped
public class RequeueRepository {

  /** The job's stored inputs in request order: the source first, then driving frames by index. */
  public List<StoredInput> inputs(Connection c, UUID job) throws SQLException {
    String sql =
        "SELECT role, object_key FROM job_inputs WHERE job_id = ?"
            + " ORDER BY CASE role WHEN 'source' THEN 0 ELSE 1 END, idx";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        List<StoredInput> inputs = new ArrayList<>();
        while (rs.next()) {
          inputs.add(new StoredInput(rs.getString("role"), rs.getString("object_key")));
        }
        return inputs;
      }
    }
  }

  /** The highest attempt any consumed event of the job named, 0 when none. */
  public int highestEventAttempt(Connection c, UUID job) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT coalesce(max(attempt), 0) FROM job_events WHERE job_id = ?")) {
      ps.setObject(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** When retention deleted the job's objects and when it expired in the queue (nulls if never). */
  public Marks marks(Connection c, UUID job) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT outputs_deleted_at, queue_expired_at FROM jobs WHERE id = ?")) {
      ps.setObject(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Marks(getInstant(rs, "outputs_deleted_at"), getInstant(rs, "queue_expired_at"))
            : new Marks(null, null);
      }
    }
  }

  /** Records that the job was re-queued, keeping the error it had. */
  public void record(
      Connection c,
      UUID job,
      RequeueOrigin origin,
      int attemptBase,
      String previousError,
      Instant at)
      throws SQLException {
    String sql =
        "INSERT INTO job_requeues (job_id, origin, attempt_base, previous_error, requeued_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, job);
      ps.setString(2, origin.column());
      ps.setInt(3, attemptBase);
      ps.setString(4, previousError);
      setInstant(ps, 5, at);
      ps.executeUpdate();
    }
  }

  /** One row of {@code job_inputs}, as much as a request needs. */
  public record StoredInput(String role, String key) {}

  /** The maintenance marks on a job row. */
  public record Marks(Instant outputsDeletedAt, Instant queueExpiredAt) {}
}
