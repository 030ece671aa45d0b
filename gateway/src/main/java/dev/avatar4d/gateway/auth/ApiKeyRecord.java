package dev.avatar4d.gateway.auth;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code api_keys}, without the hash. */
public record ApiKeyRecord(
    UUID id, String tenant, String prefix, String label, Instant createdAt, Instant revokedAt) {

  /** Whether the key still opens the API. */
  public boolean active() {
    return revokedAt == null;
  }
}
