package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.maintenance.JobRequeuer;
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

/**
 * {@code POST /v1/jobs/{id}/retry}: the owner puts its own FAILED job back in the queue (the
 * dashboard's retry button). CANCELED jobs are not retried: the cancel was the owner's choice, and
 * workers keep skipping a canceled job id; submitting again is the way.
 */
@Path("/v1/jobs/{id}/retry")
@Tag(name = "jobs")
public class JobRetryResource {
  private final JobRequeuer requeuer;
  private final JobViews views;
  private final Caller caller;

  JobRetryResource(JobRequeuer requeuer, JobViews views, Caller caller) {
    this.requeuer = requeuer;
    this.views = views;
    this.caller = caller;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Retry a failed job",
      description =
          "A FAILED job is QUEUED again with the same inputs and options; its attempts continue"
              + " after the failed ones. Jobs that expired in the queue or whose inputs were deleted by"
              + " retention cannot be retried: submit them again.")
  @APIResponse(
      responseCode = "202",
      description = "The job, QUEUED again",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such job for this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "The job is not FAILED, or can no longer be retried",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response retry(@PathParam("id") String id) {
    JobRow job = requeuer.retry(JobQueries.parseId(id), caller.tenant());
    return Response.accepted(views.summary(job)).location(URI.create(JobViews.path(job))).build();
  }
}
