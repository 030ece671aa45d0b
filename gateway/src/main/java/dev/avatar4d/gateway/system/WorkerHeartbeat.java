package dev.avatar4d.gateway.system;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's heartbeat as read from {@link dev.avatar4d.protocol.Topics#WORKER_HEARTBEATS}: the
 * JSON the worker's {@code dev.avatar4d.worker.queue.Heartbeat} writes (the gateway does not depend
 * on the worker module, so the shape is repeated here; unknown fields are ignored).
 *
 * @param device {@code cpu} or {@code gpu:N}
 * @param startedAt when the worker process started
 * @param sentAt when the worker sent it (worker clock)
 * @param intervalMs how often the worker sends one
 * @param stopping true on the last heartbeat of a worker that shut down cleanly
 * @param currentJob the job it runs; null when idle
 * @param lastJob the last job it finished successfully; null before the first
 */
public record WorkerHeartbeat(
    String workerId,
    String device,
    Instant startedAt,
    Instant sentAt,
    long intervalMs,
    boolean stopping,
    CurrentJob currentJob,
    LastJob lastJob) {

  /** The running job; frames are driving frames, each rendered from every view. */
  public record CurrentJob(UUID jobId, int attempt, Instant startedAt, int framesDone, int framesTotal) {}

  /** The last job that succeeded there and its speed in driving frames per second. */
  public record LastJob(UUID jobId, int frames, double seconds, double framesPerSecond, Instant finishedAt) {}
}
