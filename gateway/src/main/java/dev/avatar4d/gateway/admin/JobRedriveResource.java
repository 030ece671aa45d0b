package dev.avatar4d.gateway.admin;

import dev.avatar4d.gateway.api.JobView;
import dev.avatar4d.gateway.api.JobViews;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.maintenance.JobRedriver;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: re-drive one FAILED job of any tenant. */
@Path("/admin/v1/jobs/{id}/redrive")
@Tag(name = "admin", description = "Operator endpoints (operator token)")
public class JobRedriveResource {
  private final JobRedriver redriver;
  private final JobViews views;

  JobRedriveResource(JobRedriver redriver, JobViews views) {
    this.redriver = redriver;
    this.views = views;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Re-drive one job",
      description =
          "Puts a FAILED job back in the queue, whether or not it is on the dead-letter topic.")
  @APIResponse(
      responseCode = "202",
      description = "The job, QUEUED again",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such job",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "The job is not FAILED, expired in the queue, or its inputs were deleted",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response redrive(@PathParam("id") String id) {
    JobRow job = redriver.redrive(id);
    return Response.accepted(views.summary(job)).location(URI.create(JobViews.path(job))).build();
  }
}
