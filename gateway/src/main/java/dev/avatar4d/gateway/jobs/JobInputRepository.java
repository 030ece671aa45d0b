package dev.avatar4d.gateway.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** SQL for the {@code job_inputs} table. */
@ApplicationScoped
public class JobInputRepository {

  /** Records where each input of {@code job} was stored. */
  public void insertAll(Connection c, UUID job, List<JobInput> inputs) throws SQLException {
    String sql =
        "INSERT INTO job_inputs (job_id, role, idx, object_key, media_type, size_bytes, sha256)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (JobInput input : inputs) {
        ps.setObject(1, job);
        ps.setString(2, input.role());
        ps.setInt(3, input.index());
        ps.setString(4, input.object().key());
        ps.setString(5, input.object().mediaType());
        ps.setLong(6, input.object().size());
        ps.setString(7, input.object().sha256());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
