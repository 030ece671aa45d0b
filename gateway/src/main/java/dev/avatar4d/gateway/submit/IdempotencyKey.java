package dev.avatar4d.gateway.submit;

import dev.avatar4d.protocol.InvalidFieldException;
import java.util.Optional;

/** The {@code Idempotency-Key} request header: 1 to 255 visible ASCII characters. */
public final class IdempotencyKey {
  /** The header's name. */
  public static final String HEADER = "Idempotency-Key";

  static final int MAX_LENGTH = 255;

  private IdempotencyKey() {}

  /**
   * The key, absent when the header is; {@link InvalidFieldException} naming the header when
   * malformed.
   */
  public static Optional<String> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.isEmpty() || header.length() > MAX_LENGTH) {
      throw new InvalidFieldException(
          HEADER, "must have 1 to " + MAX_LENGTH + " characters, got " + header.length());
    }
    for (int i = 0; i < header.length(); i++) {
      char ch = header.charAt(i);
      if (ch < 0x21 || ch > 0x7e) {
        throw new InvalidFieldException(
            HEADER, "only visible ASCII characters, no spaces (position " + i + ")");
      }
    }
    return Optional.of(header);
  }
}
