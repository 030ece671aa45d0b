package dev.avatar4d.gateway.webhooks;

import java.time.Duration;

/**
 * What one POST to a receiver came to.
 *
 * @param statusCode the HTTP status, or null when no response came back
 * @param error what went wrong, null for a 2xx
 * @param permanent whether trying again cannot help (the URL is refused, or the receiver said 410
 *     Gone)
 * @param retryAfter the receiver's {@code Retry-After}, or null
 */
public record AttemptResult(
    Integer statusCode, String error, boolean permanent, Duration retryAfter) {

  /** A response with {@code status}; only 2xx counts as delivered (a redirect is not followed). */
  public static AttemptResult response(int status, Duration retryAfter) {
    if (status >= 200 && status < 300) {
      return new AttemptResult(status, null, false, null);
    }
    String error =
        status >= 300 && status < 400
            ? "HTTP " + status + ": redirects are not followed; point the webhook at the final URL"
            : "HTTP " + status;
    return new AttemptResult(status, error, status == 410, retryAfter);
  }

  /** No response: connection refused, timeout, TLS failure... */
  public static AttemptResult noResponse(String error) {
    return new AttemptResult(null, error, false, null);
  }

  /** The URL may not be called at all; not retried. */
  public static AttemptResult refused(String reason) {
    return new AttemptResult(null, "refused: " + reason, true, null);
  }

  /** Whether the receiver acknowledged the delivery. */
  public boolean delivered() {
    return error == null;
  }
}
