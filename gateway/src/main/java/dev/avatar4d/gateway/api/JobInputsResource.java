package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.storage.ObjectStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/jobs/{id}/inputs}: the source and driving images of one of the caller's jobs, as
 * presigned URLs.
 */
@Path("/v1/jobs/{id}/inputs")
@Tag(name = "jobs")
public class JobInputsResource {
  private final Caller caller;
  private final JobQueries queries;
  private final Transactions tx;
  private final ObjectStores stores;
  private final Clock clock;
  private final Duration presignTtl;

  JobInputsResource(
      Caller caller,
      JobQueries queries,
      Transactions tx,
      ObjectStores stores,
      Clock clock,
      GatewayConfig config) {
    this.caller = caller;
    this.queries = queries;
    this.tx = tx;
    this.stores = stores;
    this.clock = clock;
    this.presignTtl = config.api().presignTtl();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Read a job's inputs",
      description =
          "The source and driving images as stored, with presigned download URLs (source first, then the"
              + " driving frames in playback order). Empty with deleted=true once retention removed the job's objects.")
  @APIResponse(
      responseCode = "200",
      description = "The inputs",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobInputsView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such job for this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public JobInputsView get(@PathParam("id") String id) {
    JobRow job = queries.get(caller.tenant(), id);
    Stored stored = tx.read(c -> read(c, job));
    if (stored.deleted()) {
      return new JobInputsView(job.id(), true, null, List.of());
    }
    ObjectStore store = stores.store();
    List<JobInputsView.Input> inputs =
        stored.rows().stream()
            .map(
                r ->
                    new JobInputsView.Input(
                        r.role(),
                        r.index(),
                        r.key(),
                        r.mediaType(),
                        r.size(),
                        store.presignedGet(r.key(), presignTtl)))
            .toList();
    return new JobInputsView(job.id(), false, clock.instant().plus(presignTtl), inputs);
  }

  private static Stored read(java.sql.Connection c, JobRow job) throws java.sql.SQLException {
    boolean deleted;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT outputs_deleted_at IS NOT NULL FROM jobs WHERE id = ?")) {
      ps.setObject(1, job.id());
      try (ResultSet rs = ps.executeQuery()) {
        deleted = rs.next() && rs.getBoolean(1);
      }
    }
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT role, idx, object_key, media_type, size_bytes FROM job_inputs"
                + " WHERE job_id = ? ORDER BY role = 'source' DESC, idx")) {
      ps.setObject(1, job.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
      }
    }
    return new Stored(deleted, rows);
  }

  private record Row(String role, int index, String key, String mediaType, long size) {}

  private record Stored(boolean deleted, List<Row> rows) {}
}
