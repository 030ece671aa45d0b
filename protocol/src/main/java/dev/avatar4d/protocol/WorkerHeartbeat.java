package dev.avatar4d.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * What a worker says about itself on {@link Topics#WORKER_HEARTBEATS} every few seconds, as JSON
 * with the worker id as record key; the gateway's system view reads it.
 *
 * @param workerId the worker
 * @param device where its model runs: {@code cpu} or {@code gpu:N}
 * @param startedAt when the worker process started
 * @param sentAt when this heartbeat was sent (worker clock)
 * @param intervalMs how often the worker sends heartbeats, so readers can tell a silent worker
 * @param stopping true on the last heartbeat of a worker that shuts down cleanly
 * @param currentJob the job it is running now; null when idle
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

  /**
   * The running job.
   *
   * @param framesDone driving frames done so far (each rendered from every view)
   */
  public record CurrentJob(
      UUID jobId, int attempt, Instant startedAt, int framesDone, int framesTotal) {}

  /**
   * The last job that succeeded on this worker.
   *
   * @param framesPerSecond driving frames (each rendered from every view) per second, STARTED to
   *     SUCCEEDED
   */
  public record LastJob(
      UUID jobId, int frames, double seconds, double framesPerSecond, Instant finishedAt) {}
}
