package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.webhooks.WebhookLog;
import dev.avatar4d.gateway.webhooks.WebhookLogView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's webhook delivery log. */
@Path("/v1/jobs/{id}/webhooks")
@Tag(name = "webhooks", description = "Signed webhooks: delivery log and signing secret")
public class WebhookLogResource {
  private final WebhookLog log;
  private final Caller caller;

  WebhookLogResource(WebhookLog log, Caller caller) {
    this.log = log;
    this.caller = caller;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Read a job's webhook deliveries",
      description =
          "The job's webhook (URL and events) and every delivery: type, status (pending, delivered,"
              + " failed), attempts, last status code and error, next attempt, delivery time.")
  @APIResponse(
      responseCode = "200",
      description = "The delivery log",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WebhookLogView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such job for this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public WebhookLogView get(@PathParam("id") String id) {
    return log.of(caller.tenant(), id);
  }
}
