package dev.avatar4d.gateway.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/jobs/{id}/inputs}: the images a job was submitted with.
 *
 * @param deleted true once retention deleted the job's objects; {@code inputs} is then empty
 * @param urlsExpireAt when the presigned URLs stop working
 */
public record JobInputsView(UUID jobId, boolean deleted, Instant urlsExpireAt, List<Input> inputs) {

  /**
   * One input image.
   *
   * @param role {@code source} or {@code driving}
   * @param index 0 for the source, playback order for driving frames
   * @param url presigned download URL
   */
  public record Input(String role, int index, String key, String mediaType, long size, URI url) {}
}
