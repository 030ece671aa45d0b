package dev.avatar4d.gateway.system;

import dev.avatar4d.gateway.auth.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/system}: what the dashboard's system page shows. The queue, the gateway's event
 * backlog and the workers are shared by all tenants and shown to each; job figures are the caller's
 * own.
 */
@Path("/v1/system")
@Tag(name = "system", description = "Queue, workers and job figures for the dashboard")
public class SystemResource {
  private final Caller caller;
  private final KafkaBacklog backlog;
  private final HeartbeatListener heartbeats;
  private final JobStatsRepository stats;
  private final Clock clock;

  SystemResource(
      Caller caller,
      KafkaBacklog backlog,
      HeartbeatListener heartbeats,
      JobStatsRepository stats,
      Clock clock) {
    this.caller = caller;
    this.backlog = backlog;
    this.heartbeats = heartbeats;
    this.stats = stats;
    this.clock = clock;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "System status",
      description =
          "Jobs waiting on avatar.jobs for the workers' share group and the gateway's job-event lag, per"
              + " partition; workers by heartbeat (device, current job, speed of the last job); and the caller's jobs over"
              + " the last hour: per minute, run-time percentiles, failures by reason. Kafka figures it cannot read"
              + " within avatar4d.system.kafka-timeout come with an error instead.")
  @APIResponse(
      responseCode = "200",
      description = "The figures",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SystemView.class)))
  public SystemView get() {
    return new SystemView(
        clock.instant(),
        backlog.jobQueue(),
        backlog.eventConsumer(),
        heartbeats.workers(),
        stats.lastHour(caller.tenant()));
  }
}
