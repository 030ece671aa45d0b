package dev.avatar4d.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.avatar4d.gateway.jobs.ProgressView;
import dev.avatar4d.gateway.queue.QueueView;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.ModelStamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The job resource of the HTTP API.
 *
 * @param errorCode a FAILED job's stable reason ({@link dev.avatar4d.protocol.JobErrorCode#key()},
 *     e.g. {@code no-face}), or a CANCELED one's when a deadline ended it ({@code
 *     deadline-exceeded}, {@code not-started-in-time}); absent otherwise
 * @param cancelAt when the job must have ended ({@code Cancel-After}); absent without a limit
 * @param startBy when a worker must have started it ({@code Start-Within}); absent without one
 * @param queue a QUEUED job's place in the queue and its start estimate, only on the job fetched by
 *     id (and in the submit answer)
 * @param notice plain-language caveat about the outputs, e.g. that untrained weights rendered them
 * @param manifest outputs with presigned URLs, only for a SUCCEEDED job fetched by id whose outputs
 *     still exist
 * @param outputsDeletedAt when retention deleted the job's files; absent while they exist. A
 *     SUCCEEDED job past it has no manifest any more.
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode,
    String worker,
    int attempt,
    @JsonInclude(JsonInclude.Include.NON_NULL) ManifestView manifest,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant outputsDeletedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant startBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) QueueView queue,
    LinksView links) {

  /** Where to read and cancel the job. */
  public record LinksView(String self, String cancel) {}
}
