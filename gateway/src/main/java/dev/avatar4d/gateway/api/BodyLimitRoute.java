package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.protocol.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared {@code Content-Length} exceeds {@code
 * quarkus.http.limits.max-body-size} with a {@code 413} problem ({@code request-too-large}) before
 * reading any of the body, instead of Quarkus' empty 413, and closes the connection since the
 * client may still be sending. A chunked body without a length that grows past the limit is still
 * cut off by Quarkus with an empty 413: by then Quarkus has already written the answer.
 */
@ApplicationScoped
public class BodyLimitRoute {
  /** Quarkus checks the declared length in a route of order -2; this one must run first. */
  private static final int ORDER = -3;

  private final long maxBodyBytes;

  BodyLimitRoute(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size")
          Optional<MemorySize> maxBodySize) {
    this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::refuseDeclaredOversize);
  }

  private void refuseDeclaredOversize(RoutingContext ctx) {
    long declared = declaredLength(ctx);
    if (declared <= maxBodyBytes) {
      ctx.next();
      return;
    }
    Problem problem =
        new Problem(
            Problem.TYPE_BASE + "request-too-large",
            "Request too large",
            413,
            "the request body has " + declared + " bytes, more than the limit of " + maxBodyBytes,
            ctx.request().path(),
            null);
    ctx.response()
        .setStatusCode(413)
        .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaderNames.CONNECTION, "close")
        .endHandler(v -> ctx.request().connection().close())
        .end(Json.toString(problem));
  }

  private static long declaredLength(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
