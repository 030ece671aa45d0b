package dev.avatar4d.gateway.events;

import static dev.avatar4d.gateway.db.Sql.setInstant;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobStateMachine.Decision;
import dev.avatar4d.protocol.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** SQL for the {@code job_events} table. */
@ApplicationScoped
public class JobEventRepository {

  /**
   * Records {@code event} with what was decided about it. Returns false, changing nothing, when an
   * event with the same id was recorded before (a redelivery).
   */
  public boolean insertIfNew(Connection c, JobEvent event, Decision decision, Instant now)
      throws SQLException {
    String sql =
        "INSERT INTO job_events (event_id, job_id, attempt, seq, type, decision, payload, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (event_id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, event.eventId());
      ps.setObject(2, event.jobId());
      ps.setInt(3, event.attempt());
      ps.setLong(4, event.seq());
      ps.setString(5, event.type().name());
      ps.setString(6, decision.name());
      ps.setString(7, Json.toString(event));
      setInstant(ps, 8, now);
      return ps.executeUpdate() == 1;
    }
  }
}
