package dev.avatar4d.gateway.auth;

import dev.avatar4d.gateway.config.GatewayConfig;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dashboard sign-in. {@code POST /v1/session} with a valid key (checked by {@link ApiKeyFilter}
 * like any {@code /v1} call) answers with an HttpOnly, SameSite=Strict cookie carrying that key, so
 * that the browser's own requests, server-sent events included, are authenticated without the
 * page's scripts ever holding the key. SameSite=Strict keeps other sites from riding on it.
 */
@Path("/v1/session")
@Tag(name = "session", description = "Dashboard sign-in with an API key")
public class SessionResource {
  /** Name of the session cookie. */
  public static final String COOKIE = "avatar4d_key";

  private final Caller caller;
  private final Duration ttl;

  SessionResource(Caller caller, GatewayConfig config) {
    this.caller = caller;
    this.ttl = config.auth().sessionTtl();
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sign in",
      description = "Sets the session cookie to the API key sent as Bearer token.")
  public Response signIn(
      @jakarta.ws.rs.HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    String key =
        authorization == null
            ? ""
            : authorization.substring(Math.min(7, authorization.length())).trim();
    if (key.isEmpty()) {
      // Only a cookie was sent: it is valid (the filter said so) and stays as it is.
      return Response.ok(Map.of("tenant", caller.tenant())).build();
    }
    return Response.ok(Map.of("tenant", caller.tenant()))
        .header(HttpHeaders.SET_COOKIE, cookie(key, ttl))
        .build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Who am I", description = "The tenant of the key or session.")
  public Map<String, String> whoAmI() {
    return Map.of("tenant", caller.tenant());
  }

  @DELETE
  @Operation(summary = "Sign out", description = "Clears the session cookie.")
  public Response signOut() {
    return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO)).build();
  }

  private static String cookie(String value, Duration ttl) {
    return COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + ttl.toSeconds()
        + "; HttpOnly; SameSite=Strict";
  }
}
