package dev.avatar4d.gateway.submit;

import java.util.UUID;

/**
 * The {@code Idempotency-Key} was already used, within its lifetime, for a different request (HTTP
 * 409).
 */
public class IdempotencyConflictException extends RuntimeException {
  public IdempotencyConflictException(String key, UUID job) {
    super(
        "the key '"
            + key
            + "' was already used for a different request (job "
            + job
            + "); use a new key for a new request");
  }
}
