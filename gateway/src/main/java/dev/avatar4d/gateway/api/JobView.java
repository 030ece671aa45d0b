package dev.avatar4d.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.ModelStamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The job resource of the HTTP API.
 *
 * @param notice plain-language caveat about the outputs, e.g. that untrained weights rendered them
 * @param manifest outputs with presigned URLs, only for a SUCCEEDED job fetched by id
 */
public record JobView(
    UUID id,
    JobState state,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    ProgressView progress,
    OptionsView options,
    ModelStamp model,
    @JsonInclude(JsonInclude.Include.NON_NULL) String notice,
    String error,
    String worker,
    int attempt,
    @JsonInclude(JsonInclude.Include.NON_NULL) ManifestView manifest,
    LinksView links) {

  /** Where to read and cancel the job. */
  public record LinksView(String self, String cancel) {}
}
