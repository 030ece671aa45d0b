package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.auth.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling tenant's webhook signing secret. */
@Path("/v1/webhooks/secret")
@Tag(name = "webhooks")
public class WebhookSecretResource {
  private final WebhookSecrets secrets;
  private final Caller caller;

  WebhookSecretResource(WebhookSecrets secrets, Caller caller) {
    this.secrets = secrets;
    this.caller = caller;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Read the webhook signing secret",
      description =
          "The tenant's current whsec_ secret, created on first use. Verify webhook-signature with it.")
  @APIResponse(
      responseCode = "200",
      description = "The current secret",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WebhookSecrets.SecretState.class)))
  public Response get() {
    return noStore(secrets.current(caller.tenant()));
  }

  @POST
  @Path("/rotate")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Rotate the webhook signing secret",
      description =
          "Makes a new current secret. The replaced one keeps signing beside it (a second v1 signature)"
              + " until previousSignsUntil; rotating again drops it at once.")
  @APIResponse(
      responseCode = "200",
      description = "The new secret",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WebhookSecrets.SecretState.class)))
  public Response rotate() {
    return noStore(secrets.rotate(caller.tenant()));
  }

  private static Response noStore(WebhookSecrets.SecretState state) {
    return Response.ok(state).header("Cache-Control", "no-store").build();
  }
}
