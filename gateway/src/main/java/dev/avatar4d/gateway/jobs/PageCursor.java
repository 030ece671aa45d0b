package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in the newest-first job listing: the (createdAt, id) of the last job on a page. Clients
 * see it only as an opaque base64url token.
 */
public record PageCursor(Instant createdAt, UUID id) {

  /** The cursor that continues after {@code job}. */
  public static PageCursor after(JobRow job) {
    return new PageCursor(job.createdAt(), job.id());
  }

  /** The opaque token form. */
  public String encode() {
    String plain = createdAt + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a token from {@link #encode()}; anything else is an invalid {@code cursor} field. */
  public static PageCursor decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = plain.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new PageCursor(
          Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidFieldException("cursor", "not a cursor returned by this API");
    }
  }
}
