package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.jobs.JobCanceller;
import dev.avatar4d.gateway.jobs.JobPage;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.PageCursor;
import dev.avatar4d.gateway.submit.Deadlines;
import dev.avatar4d.gateway.submit.IdempotencyKey;
import dev.avatar4d.gateway.submit.JobSubmitter;
import dev.avatar4d.gateway.submit.SubmissionReader;
import dev.avatar4d.protocol.InvalidFieldException;
import dev.avatar4d.protocol.JobState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Encoding;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The job API: submit, read, list and cancel jobs, each call on behalf of the key's tenant ({@link
 * Caller}).
 */
@Path("/v1/jobs")
@Tag(name = "jobs", description = "Asynchronous 4D head avatar jobs")
public class JobsResource {
  private final SubmissionReader reader;
  private final JobSubmitter submitter;
  private final JobQueries queries;
  private final JobCanceller canceller;
  private final JobViews views;
  private final GatewayConfig.Api api;
  private final Caller caller;

  JobsResource(
      Caller caller,
      SubmissionReader reader,
      JobSubmitter submitter,
      JobQueries queries,
      JobCanceller canceller,
      JobViews views,
      GatewayConfig config) {
    this.caller = caller;
    this.reader = reader;
    this.submitter = submitter;
    this.queries = queries;
    this.canceller = canceller;
    this.views = views;
    this.api = config.api();
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a job",
      description =
          "Stores the images, records the job and queues it for a GPU worker. Answers at"
              + " once with the QUEUED job; poll its Location for progress and outputs.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema =
                  @Schema(
                      type = SchemaType.OBJECT,
                      requiredProperties = {"source", "driving"},
                      properties = {
                        @SchemaProperty(
                            name = "source",
                            type = SchemaType.STRING,
                            format = "binary",
                            description = "the portrait, PNG or JPEG"),
                        @SchemaProperty(
                            name = "driving",
                            type = SchemaType.ARRAY,
                            description =
                                "driving frames, PNG or JPEG, the part repeated in playback order"),
                        @SchemaProperty(
                            name = "options",
                            type = SchemaType.STRING,
                            description =
                                "JSON: {\"views\": [\"front\", \"orbit:8\", {\"name\": \"left45\", \"yaw\": 45}],"
                                    + " \"model\": \"lite\", \"resolution\": 256, \"formats\": [\"png\", \"mp4\", \"depth\"],"
                                    + " \"fps\": 12, \"pose\": \"driving\"}; every key optional;"
                                    + " pose is driving (each frame's head pose), source or fixed")
                      }),
              encoding = @Encoding(name = "options", contentType = MediaType.APPLICATION_JSON)))
  @APIResponse(
      responseCode = "202",
      description = "Accepted; the Location header names the job",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobView.class)))
  @APIResponse(
      responseCode = "400",
      description = "A part or option is invalid; `errors` names it",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "413",
      description = "An image part, the options or the whole body is over its size limit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "The Idempotency-Key was used for a different request",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "429",
      description = "Rate limit or active-job quota reached; see Retry-After",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description = "Object store or database unavailable; nothing was kept",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response submit(
      @Parameter(
              description =
                  "Makes retries safe: the same key and request return the same job (for 24 h)")
          @HeaderParam(IdempotencyKey.HEADER)
          String idempotencyKey,
      @Parameter(
              description =
                  "Ends the job CANCELED (errorCode deadline-exceeded) if it has not finished this"
                      + " long after acceptance, e.g. 90s, 10m, 1h30m (1 s to 24 h)")
          @HeaderParam(Deadlines.CANCEL_AFTER)
          String cancelAfter,
      @Parameter(
              description =
                  "Ends the job CANCELED (errorCode not-started-in-time) if no worker has started"
                      + " it this long after acceptance (1 s to 24 h)")
          @HeaderParam(Deadlines.START_WITHIN)
          String startWithin,
      MultipartFormDataInput form) {
    Optional<String> key = IdempotencyKey.parse(idempotencyKey);
    Deadlines deadlines = Deadlines.parse(cancelAfter, startWithin);
    JobSubmitter.Accepted accepted =
        submitter.submit(caller.tenant(), reader.read(form).withDeadlines(deadlines), key);
    JobRow job = accepted.job();
    Response.ResponseBuilder response =
        Response.accepted(views.detail(job)).location(URI.create(JobViews.path(job)));
    if (accepted.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.build();
  }

  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Read a job",
      description =
          "State, progress, model and, once SUCCEEDED, the manifest with presigned download URLs.")
  @APIResponse(
      responseCode = "200",
      description = "The job",
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
  public JobView get(@PathParam("id") String id) {
    return views.detail(queries.get(caller.tenant(), id));
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "List jobs", description = "Newest first, one page at a time.")
  @APIResponse(
      responseCode = "200",
      description = "A page of jobs (without manifests)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobListView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Bad state, limit or cursor",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public JobListView list(
      @Parameter(description = "only jobs in this state") @QueryParam("state") String state,
      @Parameter(description = "page size, 1..maximum (default 20, maximum 100)")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    JobPage page =
        queries.page(
            caller.tenant(),
            state(state),
            cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor),
            limit(limit));
    return new JobListView(
        page.jobs().stream().map(views::summary).toList(),
        page.next() == null ? null : page.next().encode());
  }

  @POST
  @Path("/{id}/cancel")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel a job",
      description =
          "A QUEUED or RUNNING job becomes CANCELED at once and the worker holding it is told to stop.")
  @APIResponse(
      responseCode = "200",
      description = "The canceled job",
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
      description = "The job already finished",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public JobView cancel(@PathParam("id") String id) {
    return views.summary(canceller.cancel(caller.tenant(), id));
  }

  private static JobState state(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          "state",
          "unknown state '" + state + "'; use QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED");
    }
  }

  private int limit(String text) {
    if (text == null || text.isBlank()) {
      return api.defaultPageSize();
    }
    int limit;
    try {
      limit = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidFieldException("limit", "must be an integer, got '" + text + "'");
    }
    if (limit < 1 || limit > api.maxPageSize()) {
      throw new InvalidFieldException(
          "limit", "must be between 1 and " + api.maxPageSize() + ", got " + limit);
    }
    return limit;
  }
}
