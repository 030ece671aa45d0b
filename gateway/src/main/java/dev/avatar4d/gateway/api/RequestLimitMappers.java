package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.http.Problems;
import dev.avatar4d.gateway.submit.PartTooLargeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Size limits inside a request: a part over its byte limit is {@code 413} ({@code part-too-large})
 * naming the part. A whole body over {@code quarkus.http.limits.max-body-size} is answered before
 * any resource runs, by {@link BodyLimitRoute}.
 */
public class RequestLimitMappers {
  @ServerExceptionMapper
  public Response partTooLarge(PartTooLargeException e, UriInfo uri) {
    return Problems.builder(
            413,
            "part-too-large",
            "Part too large",
            e.getMessage(),
            uri.getPath(),
            List.of(new Problem.FieldError(e.field(), e.reason())))
        .build();
  }
}
