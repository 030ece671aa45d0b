package dev.avatar4d.gateway.http;

import dev.avatar4d.protocol.Json;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Builds {@code application/problem+json} responses, for exception mappers and request filters
 * alike.
 */
public final class Problems {
  private Problems() {}

  /** A problem response; {@code slug} names the type under {@link Problem#TYPE_BASE}. */
  public static Response.ResponseBuilder builder(
      int status,
      String slug,
      String title,
      String detail,
      String instance,
      List<Problem.FieldError> errors) {
    Problem body = new Problem(Problem.TYPE_BASE + slug, title, status, detail, instance, errors);
    // Serialised here: the entity writers are not bound to application/problem+json.
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(Json.toString(body));
  }

  /** {@link #builder} without field errors, built. */
  public static Response response(
      int status, String slug, String title, String detail, String instance) {
    return builder(status, slug, title, detail, instance, null).build();
  }
}
