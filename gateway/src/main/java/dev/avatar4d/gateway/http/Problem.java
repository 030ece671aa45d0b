package dev.avatar4d.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), with the {@code errors} extension
 * naming the offending request fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  /** Media type of problem responses. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Base of our problem type URIs; each type is documented in gateway/README.md. */
  public static final String TYPE_BASE = "https://avatar4d.dev/problems/";

  /**
   * One offending field: its path (e.g. {@code options.views[2].yaw}) and what is wrong with it.
   */
  public record FieldError(String field, String message) {}
}
