package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.jobs.JobNotFoundException;
import java.util.UUID;

/** Job ids from URL paths. */
final class JobIds {
  private JobIds() {}

  /** The id as a UUID; anything else names no job (404). */
  static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new JobNotFoundException(id);
    }
  }
}
