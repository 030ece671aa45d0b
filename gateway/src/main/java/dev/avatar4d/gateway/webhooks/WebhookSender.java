package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Makes one attempt of a delivery: checks the URL again ({@link WebhookUrlGuard}), signs the stored
 * body for this attempt's timestamp and POSTs it. Redirects are not followed (a 3xx is a failed
 * attempt), so a receiver cannot bounce the gateway to an address the guard would refuse.
 */
@ApplicationScoped
public class WebhookSender {
  /** Sent as {@code User-Agent}. */
  public static final String USER_AGENT = "Avatar4D-Webhooks/1";

  private final WebhookUrlGuard guard;
  private final Clock clock;
  private final Duration timeout;
  private final HttpClient http;

  @Inject
  WebhookSender(WebhookUrlGuard guard, Clock clock, GatewayConfig config) {
    this(guard, clock, config.webhooks().requestTimeout());
  }

  /** A sender with its own HTTP client (for tests and tools). */
  public WebhookSender(WebhookUrlGuard guard, Clock clock, Duration timeout) {
    this.guard = guard;
    this.clock = clock;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends {@code delivery} once; the future never fails, errors become an {@link AttemptResult}.
   */
  public CompletableFuture<AttemptResult> send(ClaimedDelivery delivery) {
    URI url;
    try {
      url = guard.check(delivery.url());
    } catch (WebhookUrlGuard.RefusedUrlException e) {
      return CompletableFuture.completedFuture(
          e.mayPassLater()
              ? AttemptResult.noResponse(e.getMessage())
              : AttemptResult.refused(e.getMessage()));
    }
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", USER_AGENT)
            .header(WebhookSignature.ID_HEADER, delivery.id())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(delivery.id(), timestamp, body, delivery.secrets()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) ->
                failure == null
                    ? AttemptResult.response(response.statusCode(), retryAfter(response))
                    : AttemptResult.noResponse(describe(failure)));
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    try {
      // Only the delay-seconds form; an HTTP-date falls back to the normal backoff.
      return value.map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpTimeoutException) {
      return "no response within " + timeout;
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
