package dev.avatar4d.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.jobs.JobChanges;
import dev.avatar4d.gateway.jobs.JobRow;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/jobs/stream}: server-sent events, one {@code job} event carrying the job resource
 * (without manifest, as in listings) each time one of the caller's jobs changes: submitted,
 * progressed, finished or canceled.
 */
@Path("/v1/jobs/stream")
@Tag(name = "jobs")
public class JobStreamResource {
  /** The SSE event name of a job change. */
  public static final String EVENT = "job";

  // Comments every so often keep idle connections from being closed by proxies, and let the
  // server notice clients that went away.
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Caller caller;
  private final JobChanges changes;
  private final JobViews views;
  private final ObjectMapper json;

  JobStreamResource(Caller caller, JobChanges changes, JobViews views, ObjectMapper json) {
    this.caller = caller;
    this.changes = changes;
    this.views = views;
    this.json = json;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  // The API-key check reads the database, which must not happen on the event loop.
  @Blocking
  @Operation(
      summary = "Follow job changes",
      description =
          "Server-sent events: a `job` event with the job resource (no manifest) after every change."
              + " Only changes from the moment of connecting; read GET /v1/jobs for the current state.")
  @APIResponse(responseCode = "200", description = "An endless text/event-stream")
  public Multi<OutboundSseEvent> stream(@Context Sse sse) {
    String tenant = caller.tenant();
    Multi<OutboundSseEvent> jobs =
        changes.stream().filter(job -> job.tenant().equals(tenant)).map(job -> event(sse, job));
    Multi<OutboundSseEvent> keepAlive =
        Multi.createFrom()
            .ticks()
            .every(KEEP_ALIVE)
            .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
    return Multi.createBy().merging().streams(jobs, keepAlive);
  }

  private OutboundSseEvent event(Sse sse, JobRow job) {
    try {
      return sse.newEventBuilder()
          .name(EVENT)
          // Already JSON text: plain text keeps the message body writers from quoting it again.
          .mediaType(MediaType.TEXT_PLAIN_TYPE)
          .data(json.writeValueAsString(views.summary(job)))
          .build();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
