package dev.avatar4d.gateway.admin;

import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.maintenance.JobRedriver;
import dev.avatar4d.gateway.maintenance.RedriveReport;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: re-drive the dead-letter topic. */
@Path("/admin/v1/dead-letters/redrive")
@Tag(name = "admin", description = "Operator endpoints (operator token)")
public class DeadLetterRedriveResource {
  private final JobRedriver redriver;

  DeadLetterRedriveResource(JobRedriver redriver) {
    this.redriver = redriver;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Re-drive the dead-letter topic",
      description =
          "Reads every dead-letter record and puts each job that is FAILED back in the queue,"
              + " with attempt numbers continuing after its last attempt. Running it again re-queues nothing"
              + " twice: jobs that are no longer FAILED are skipped and counted by reason.")
  @APIResponse(
      responseCode = "200",
      description = "What was examined, re-driven and skipped",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RedriveReport.class)))
  @APIResponse(
      responseCode = "503",
      description = "Kafka could not be read; nothing was re-queued",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public RedriveReport redrive() {
    return redriver.redriveDeadLetters();
  }
}
