package dev.avatar4d.gateway.submit;

import dev.avatar4d.protocol.InvalidFieldException;

/**
 * A part bigger than its limit. Answered with 413 rather than 400, like a body over the request
 * limit, and still naming the part: the client must send less, not something else.
 */
public class PartTooLargeException extends InvalidFieldException {
  /** {@code field} has {@code size} {@code unit} (bytes, characters), more than {@code limit}. */
  public PartTooLargeException(String field, long size, long limit, String unit) {
    super(field, "the part has " + size + " " + unit + ", more than the limit of " + limit);
  }

  /** {@code field} is over a limit that {@code message} explains. */
  public PartTooLargeException(String field, String message) {
    super(field, message);
  }
}
