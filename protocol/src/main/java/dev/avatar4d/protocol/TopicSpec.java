package dev.avatar4d.protocol;

import java.util.List;
import java.util.Map;

/**
 * How one avatar4d topic is created: the same partitions and settings wherever it is created (the
 * gateway at start, the local dev stack).
 *
 * @param configs topic-level settings, e.g. {@code retention.ms}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  /** An hour of heartbeats is plenty of history for the system page; they matter for seconds. */
  static final String HEARTBEAT_RETENTION_MS = "3600000";

  /** Copies the settings. */
  public TopicSpec {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /**
   * Every avatar4d topic.
   *
   * @param eventPartitions partitions of {@link Topics#JOB_EVENTS}, the one high-volume topic read
   *     by a classic consumer group (its partitions bound how many gateways share the reading)
   */
  public static List<TopicSpec> all(int eventPartitions) {
    return List.of(
        // One partition: every worker in the share group then shares it, so any idle worker takes
        // the next job (with more partitions than workers each partition has a single owner).
        new TopicSpec(Topics.JOBS, 1, Map.of()),
        new TopicSpec(Topics.JOB_EVENTS, eventPartitions, Map.of()),
        // Low volume: dead letters, and commands that every worker reads in full.
        new TopicSpec(Topics.DEAD_LETTERS, 1, Map.of()),
        new TopicSpec(Topics.JOB_CONTROL, 1, Map.of()),
        new TopicSpec(Topics.WORKER_HEARTBEATS, 1, Map.of("retention.ms", HEARTBEAT_RETENTION_MS)));
  }
}
