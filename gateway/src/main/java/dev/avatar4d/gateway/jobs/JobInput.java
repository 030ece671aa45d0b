package dev.avatar4d.gateway.jobs;

import dev.avatar4d.storage.StoredObject;

/**
 * One stored input of a job.
 *
 * @param role {@code source} or {@code driving}
 * @param index 0 for the source, playback order for driving frames
 */
public record JobInput(String role, int index, StoredObject object) {
  public static final String SOURCE = "source";
  public static final String DRIVING = "driving";
}
