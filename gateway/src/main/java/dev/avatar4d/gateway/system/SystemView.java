package dev.avatar4d.gateway.system;

import dev.avatar4d.protocol.WorkerHeartbeat;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/system}: the queue and the workers (the same for every tenant), and the caller's
 * own job figures.
 *
 * @param queue jobs waiting for the workers' share group on avatar.jobs
 * @param eventConsumer the gateway's backlog of job events
 * @param workers workers heard from recently, alive ones first
 * @param jobs the caller's jobs over the last hour
 */
public record SystemView(
    Instant generatedAt, Queue queue, Queue eventConsumer, List<Worker> workers, JobStats jobs) {

  /**
   * Backlog of one consumer group on one topic.
   *
   * @param state the group's state as Kafka reports it; null when Kafka did not answer
   * @param total sum of the partitions' lag; null when Kafka did not answer
   * @param error why the figures are missing; null when they are there
   */
  public record Queue(
      String topic,
      String group,
      String state,
      int members,
      Long total,
      List<Partition> partitions,
      String error) {}

  /**
   * One partition's backlog.
   *
   * @param logStart first offset still in the log
   * @param end offset the next record will get
   * @param position where the group stands: the share-partition start offset or the committed
   *     offset; null if none
   * @param lag records the group has still to finish
   * @param lagSource how {@code lag} was obtained
   */
  public record Partition(
      int partition, long logStart, long end, Long position, long lag, String lagSource) {}

  /**
   * A worker as its heartbeats describe it.
   *
   * @param status {@code alive}, {@code lost} (heartbeats stopped) or {@code stopped} (said
   *     goodbye)
   * @param lastSeen when its newest heartbeat was sent
   * @param secondsSinceSeen age of that heartbeat when this answer was made
   */
  public record Worker(
      String workerId,
      String device,
      boolean alive,
      String status,
      Instant startedAt,
      Instant lastSeen,
      double secondsSinceSeen,
      WorkerHeartbeat.CurrentJob currentJob,
      WorkerHeartbeat.LastJob lastJob) {}

  /**
   * The caller's jobs in {@code [from, to)}.
   *
   * @param perMinute one entry per minute, oldest first, always {@code minutes} long
   * @param durations run-time percentiles of SUCCEEDED jobs per {@code durationBucketMinutes},
   *     oldest first
   * @param runSeconds run time (started → finished) of SUCCEEDED jobs over the whole window
   * @param queueSeconds queue wait (created → started) of jobs started in the window
   * @param failures FAILED jobs by reason, most frequent first
   */
  public record JobStats(
      Instant from,
      Instant to,
      int minutes,
      int durationBucketMinutes,
      long queued,
      long running,
      long submitted,
      long succeeded,
      long failed,
      long canceled,
      List<Minute> perMinute,
      List<DurationBucket> durations,
      Percentiles runSeconds,
      Percentiles queueSeconds,
      List<FailureReason> failures) {}

  /** Jobs submitted and finished (by outcome) in one minute starting at {@code start}. */
  public record Minute(Instant start, long submitted, long succeeded, long failed, long canceled) {}

  /**
   * Run-time percentiles (seconds) of the jobs that succeeded in the bucket starting at {@code
   * start}; null when none did.
   */
  public record DurationBucket(Instant start, long count, Double p50, Double p95) {}

  /** Median and 95th percentile in seconds over {@code count} jobs; null when there were none. */
  public record Percentiles(long count, Double p50, Double p95) {}

  /**
   * One kind of failure.
   *
   * @param reason the error with ids, numbers and details left out, so that like failures group
   *     together
   * @param example one full error message of this kind
   * @param share this kind's part of all jobs that finished in the window (0..1)
   */
  public record FailureReason(String reason, String example, long count, double share) {}
}
