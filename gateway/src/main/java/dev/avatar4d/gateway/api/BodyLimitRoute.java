package dev.avatar4d.gateway.api;

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
 * Answers a request body over {@code quarkus.http.limits.max-body-size} with a {@code 413}
 * problem ({@code request-too-large}) instead of Quarkus' empty 413. A declared {@code
 * Content-Length} over the limit is refused before the body is read; a streamed body that grows
 * past it fails with 413 on the way and is rendered here too. The connection is closed afterwards,
 * since the client may still be sending.
 */
@ApplicationScoped
public class BodyLimitRoute {
  /** Quarkus enforces the limit in a route of order -2; this one must run first. */
  private static final int ORDER = -3;

  private final long maxBodyBytes;

  BodyLimitRoute(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
    this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::refuseDeclaredOversize).failureHandler(this::renderTooLarge);
  }

  private void refuseDeclaredOversize(RoutingContext ctx) {
    long declared = declaredLength(ctx);
    if (declared > maxBodyBytes) {
      tooLarge(ctx, "the request body has " + declared + " bytes, more than the limit of " + maxBodyBytes);
    } else {
      ctx.next();
    }
  }

  private void renderTooLarge(RoutingContext ctx) {
    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
      tooLarge(ctx, "the request body is larger than the limit of " + maxBodyBytes + " bytes");
    } else {
      ctx.next();
    }
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

  private static void tooLarge(RoutingContext ctx, String detail) {
    Problem problem = new Problem(Problem.TYPE_BASE + "request-too-large", "Request too large", 413, detail,
        ctx.request().path(), null);
    ctx.response()
        .setStatusCode(413)
        .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaderNames.CONNECTION, "close")
        .endHandler(v -> ctx.request().connection().close())
        .end(Json.toString(problem));
  }
}
