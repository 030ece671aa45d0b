package dev.avatar4d.gateway.auth;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.http.Problems;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the API. {@code /v1/**} needs a tenant's API key, as {@code Authorization: Bearer <key>}
 * or, for the dashboard, the {@link SessionResource#COOKIE} cookie; each key is then held to its
 * rate ({@link RateLimiter}). {@code /admin/**} needs the operator token. Everything else (the
 * dashboard's static files, {@code /q/health}, {@code /q/metrics}, {@code /q/openapi}) is open.
 * Failures are problem+json: 401 with {@code WWW-Authenticate}, 403, or 429 with {@code
 * Retry-After}.
 */
public class ApiKeyFilter {
  private final Transactions tx;
  private final ApiKeyRepository keys;
  private final RateLimiter limiter;
  private final Caller caller;
  private final Optional<String> adminToken;

  ApiKeyFilter(
      Transactions tx,
      ApiKeyRepository keys,
      RateLimiter limiter,
      Caller caller,
      GatewayConfig config) {
    this.tx = tx;
    this.keys = keys;
    this.limiter = limiter;
    this.caller = caller;
    this.adminToken = config.auth().adminToken().filter(t -> !t.isBlank());
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = "/" + stripLeadingSlashes(request.getUriInfo().getPath());
    if (path.startsWith("/admin/")) {
      return checkAdmin(request, path);
    }
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return Optional.empty();
    }
    String key = bearer(request).or(() -> cookie(request)).orElse(null);
    if (key == null) {
      return Optional.of(unauthorized(path, "send your API key as 'Authorization: Bearer <key>'"));
    }
    Optional<KeyGrant> grant = tx.read(c -> keys.findGrant(c, KeyHashes.hash(key)));
    if (grant.isEmpty()) {
      return Optional.of(unauthorized(path, "the API key is unknown or revoked"));
    }
    Duration wait = limiter.acquire(grant.get());
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return Optional.of(
          Problems.builder(
                  429,
                  "rate-limited",
                  "Too many requests",
                  "this API key is over its request rate; retry after " + seconds + " s",
                  path,
                  null)
              .header("Retry-After", seconds)
              .build());
    }
    caller.authenticate(grant.get().tenant(), grant.get().keyId().toString());
    return Optional.empty();
  }

  private Optional<Response> checkAdmin(ContainerRequestContext request, String path) {
    if (adminToken.isEmpty()) {
      return Optional.of(
          Problems.response(
              403,
              "admin-disabled",
              "Admin API disabled",
              "set avatar4d.auth.admin-token (AVATAR4D_AUTH_ADMIN_TOKEN) to use the admin API",
              path));
    }
    Optional<String> token = bearer(request);
    if (token.isEmpty() || !KeyHashes.sameSecret(token.get(), adminToken.get())) {
      return Optional.of(
          unauthorized(path, "the admin API needs 'Authorization: Bearer <admin token>'"));
    }
    return Optional.empty();
  }

  private static Response unauthorized(String path, String detail) {
    return Problems.builder(401, "unauthorized", "Authentication required", detail, path, null)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"avatar4d\"")
        .build();
  }

  private static Optional<String> bearer(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static Optional<String> cookie(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(SessionResource.COOKIE);
    return cookie == null || cookie.getValue().isBlank()
        ? Optional.empty()
        : Optional.of(cookie.getValue());
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }
}
