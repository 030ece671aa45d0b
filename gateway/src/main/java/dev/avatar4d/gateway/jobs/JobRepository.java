package dev.avatar4d.gateway.jobs;

import static dev.avatar4d.gateway.db.Sql.getInstant;
import static dev.avatar4d.gateway.db.Sql.getInteger;
import static dev.avatar4d.gateway.db.Sql.setInstant;

import dev.avatar4d.protocol.EventOrder;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.ModelStamp;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for the {@code jobs} table. Callers own the connection and its transaction. */
@ApplicationScoped
public class JobRepository {
  private static final String COLUMNS =
      "id, tenant, state, options, frames_total, frames_done, attempt, last_event_attempt,"
          + " last_event_seq, worker_id, model, error, manifest_key, created_at, started_at,"
          + " finished_at, updated_at, error_code, cancel_at, start_by";

  /** What a read returns: the written columns plus when retention deleted the outputs. */
  private static final String READ_COLUMNS = COLUMNS + ", outputs_deleted_at";

  /** Inserts a new job. */
  public void insert(Connection c, JobRow job) throws SQLException {
    String sql =
        "INSERT INTO jobs ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, job.id());
      ps.setString(2, job.tenant());
      ps.setString(3, job.state().name());
      ps.setString(4, Json.toString(job.options()));
      ps.setInt(5, job.framesTotal());
      ps.setInt(6, job.framesDone());
      ps.setInt(7, job.attempt());
      bindOrder(ps, 8, job.lastApplied());
      ps.setString(10, job.workerId());
      ps.setString(11, job.model() == null ? null : Json.toString(job.model()));
      ps.setString(12, job.error());
      ps.setString(13, job.manifestKey());
      setInstant(ps, 14, job.createdAt());
      setInstant(ps, 15, job.startedAt());
      setInstant(ps, 16, job.finishedAt());
      setInstant(ps, 17, job.updatedAt());
      ps.setString(18, job.errorCode());
      setInstant(ps, 19, job.cancelAt());
      setInstant(ps, 20, job.startBy());
      ps.executeUpdate();
    }
  }

  /**
   * Writes every mutable column of {@code job} (all but id, tenant, options, frames_total,
   * created_at and the deadlines).
   */
  public void update(Connection c, JobRow job) throws SQLException {
    String sql =
        "UPDATE jobs SET state = ?, frames_done = ?, attempt = ?, last_event_attempt = ?,"
            + " last_event_seq = ?, worker_id = ?, model = ?::jsonb, error = ?, manifest_key = ?,"
            + " started_at = ?, finished_at = ?, updated_at = ?, error_code = ? WHERE id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, job.state().name());
      ps.setInt(2, job.framesDone());
      ps.setInt(3, job.attempt());
      bindOrder(ps, 4, job.lastApplied());
      ps.setString(6, job.workerId());
      ps.setString(7, job.model() == null ? null : Json.toString(job.model()));
      ps.setString(8, job.error());
      ps.setString(9, job.manifestKey());
      setInstant(ps, 10, job.startedAt());
      setInstant(ps, 11, job.finishedAt());
      setInstant(ps, 12, job.updatedAt());
      ps.setString(13, job.errorCode());
      ps.setObject(14, job.id());
      ps.executeUpdate();
    }
  }

  /** The job, if it exists. */
  public Optional<JobRow> find(Connection c, UUID id) throws SQLException {
    return findOne(c, "SELECT " + READ_COLUMNS + " FROM jobs WHERE id = ?", id);
  }

  /**
   * The job if it exists and belongs to {@code tenant}; other tenants' jobs look like missing ones.
   */
  public Optional<JobRow> findOwned(Connection c, String tenant, UUID id) throws SQLException {
    return findOne(
        c, "SELECT " + READ_COLUMNS + " FROM jobs WHERE id = ? AND tenant = ?", id, tenant);
  }

  /** How many of the tenant's jobs are QUEUED or RUNNING. */
  public int countActive(Connection c, String tenant) throws SQLException {
    String sql = "SELECT count(*) FROM jobs WHERE tenant = ? AND state IN ('QUEUED', 'RUNNING')";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The job, locked until the end of the transaction, so that concurrent writers take turns. */
  public Optional<JobRow> lock(Connection c, UUID id) throws SQLException {
    return findOne(c, "SELECT " + READ_COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE", id);
  }

  /** Like {@link #lock}, but only when the job belongs to {@code tenant}. */
  public Optional<JobRow> lockOwned(Connection c, String tenant, UUID id) throws SQLException {
    return findOne(
        c,
        "SELECT " + READ_COLUMNS + " FROM jobs WHERE id = ? AND tenant = ? FOR UPDATE",
        id,
        tenant);
  }

  /**
   * The tenant's jobs newest first, strictly after {@code after} in that order (keyset pagination
   * on created_at, id), optionally only jobs in {@code state}.
   */
  public List<JobRow> page(Connection c, String tenant, JobState state, PageCursor after, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + READ_COLUMNS + " FROM jobs WHERE tenant = ?");
    if (state != null) {
      sql.append(" AND state = ?");
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (?, ?)");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, tenant);
      int i = 2;
      if (state != null) {
        ps.setString(i++, state.name());
      }
      if (after != null) {
        setInstant(ps, i++, after.createdAt());
        ps.setObject(i++, after.id());
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<JobRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(map(rs));
        }
        return rows;
      }
    }
  }

  private Optional<JobRow> findOne(Connection c, String sql, UUID id, Object... more)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      for (int i = 0; i < more.length; i++) {
        ps.setObject(i + 2, more[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private static void bindOrder(PreparedStatement ps, int index, EventOrder order)
      throws SQLException {
    if (order == null) {
      ps.setNull(index, Types.INTEGER);
      ps.setNull(index + 1, Types.BIGINT);
    } else {
      ps.setInt(index, order.attempt());
      ps.setLong(index + 1, order.seq());
    }
  }

  private static JobRow map(ResultSet rs) throws SQLException {
    Integer lastAttempt = getInteger(rs, "last_event_attempt");
    EventOrder lastApplied =
        lastAttempt == null ? null : new EventOrder(lastAttempt, rs.getLong("last_event_seq"));
    String model = rs.getString("model");
    return new JobRow.Builder()
        .id(rs.getObject("id", UUID.class))
        .tenant(rs.getString("tenant"))
        .state(JobState.valueOf(rs.getString("state")))
        .options(
            Json.fromBytes(
                rs.getString("options").getBytes(StandardCharsets.UTF_8), JobOptions.class))
        .framesTotal(rs.getInt("frames_total"))
        .framesDone(rs.getInt("frames_done"))
        .attempt(rs.getInt("attempt"))
        .lastApplied(lastApplied)
        .workerId(rs.getString("worker_id"))
        .model(
            model == null
                ? null
                : Json.fromBytes(model.getBytes(StandardCharsets.UTF_8), ModelStamp.class))
        .error(rs.getString("error"))
        .errorCode(rs.getString("error_code"))
        .manifestKey(rs.getString("manifest_key"))
        .createdAt(getInstant(rs, "created_at"))
        .startedAt(getInstant(rs, "started_at"))
        .finishedAt(getInstant(rs, "finished_at"))
        .updatedAt(getInstant(rs, "updated_at"))
        .outputsDeletedAt(getInstant(rs, "outputs_deleted_at"))
        .cancelAt(getInstant(rs, "cancel_at"))
        .startBy(getInstant(rs, "start_by"))
        .build();
  }
}
