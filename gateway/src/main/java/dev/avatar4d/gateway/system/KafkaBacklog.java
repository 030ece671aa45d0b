package dev.avatar4d.gateway.system;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.KafkaSettings;
import dev.avatar4d.protocol.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Backlogs read with the Kafka admin client.
 *
 * <ul>
 *   <li>The job queue: {@link Topics#JOBS} as seen by the workers' share group. Kafka 4.2's {@code
 *       listShareGroupOffsets} gives, per partition, the share-partition start offset (everything
 *       before it is acknowledged) and the broker's lag: records from there to the end not yet
 *       acknowledged, so jobs being worked on count until they finish. When the broker gives no
 *       lag, it is estimated as end offset − start offset; before the group has any state on a
 *       partition, as end offset − log start offset (workers read from the earliest).
 *   <li>The gateway's own event consumer: the classic group (default {@code avatar-gateway}) on
 *       {@link Topics#JOB_EVENTS}, lag = end offset − committed offset per partition.
 * </ul>
 *
 * A figure Kafka does not give within the timeout is reported as unavailable, never as zero.
 */
@ApplicationScoped
public class KafkaBacklog {
  private final KafkaSettings settings;
  private final String workerGroup;
  private final String gatewayGroup;
  private final Duration timeout;
  private Admin admin;

  KafkaBacklog(KafkaSettings settings, GatewayConfig config) {
    this.settings = settings;
    this.workerGroup = config.system().workerGroup();
    this.gatewayGroup = config.events().groupId();
    this.timeout = config.system().kafkaTimeout();
  }

  /** The job queue: pending jobs per partition of avatar.jobs for the workers' share group. */
  public SystemView.Queue jobQueue() {
    try {
      List<TopicPartition> partitions = partitions(Topics.JOBS);
      Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
      Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, SharePartitionOffsetInfo> share = shareOffsets(partitions);
      ShareGroupDescription group =
          orNull(
              admin().describeShareGroups(List.of(workerGroup)).describedGroups().get(workerGroup));
      List<SystemView.Partition> rows = new ArrayList<>();
      for (TopicPartition p : partitions) {
        SharePartitionOffsetInfo info = share.get(p);
        long endOffset = end.get(p);
        Long start = info == null ? null : info.startOffset();
        long lag;
        String source;
        if (info != null && info.lag().isPresent()) {
          lag = info.lag().get();
          source = "broker";
        } else if (start != null && start >= 0) {
          lag = endOffset - start;
          source = "end offset − share start offset";
        } else {
          lag = endOffset - earliest.get(p);
          source = "end offset − log start offset (no share state yet)";
        }
        rows.add(
            new SystemView.Partition(
                p.partition(), earliest.get(p), endOffset, start, Math.max(0, lag), source));
      }
      return new SystemView.Queue(
          Topics.JOBS,
          workerGroup,
          group == null ? "unknown" : String.valueOf(group.groupState()),
          group == null ? 0 : group.members().size(),
          total(rows),
          rows,
          null);
    } catch (UnavailableException e) {
      return new SystemView.Queue(
          Topics.JOBS, workerGroup, null, 0, null, List.of(), e.getMessage());
    }
  }

  /** The gateway's job-event consumer group: unread events per partition of avatar.job-events. */
  public SystemView.Queue eventConsumer() {
    try {
      List<TopicPartition> partitions = partitions(Topics.JOB_EVENTS);
      Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
      Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(admin().listConsumerGroupOffsets(gatewayGroup).partitionsToOffsetAndMetadata());
      var group =
          orNull(
              admin()
                  .describeConsumerGroups(List.of(gatewayGroup))
                  .describedGroups()
                  .get(gatewayGroup));
      List<SystemView.Partition> rows = new ArrayList<>();
      for (TopicPartition p : partitions) {
        OffsetAndMetadata at = committed.get(p);
        long from = at == null ? earliest.get(p) : at.offset();
        String source =
            at == null
                ? "end offset − log start offset (nothing committed)"
                : "end offset − committed offset";
        rows.add(
            new SystemView.Partition(
                p.partition(),
                earliest.get(p),
                end.get(p),
                at == null ? null : at.offset(),
                Math.max(0, end.get(p) - from),
                source));
      }
      return new SystemView.Queue(
          Topics.JOB_EVENTS,
          gatewayGroup,
          group == null ? "unknown" : String.valueOf(group.groupState()),
          group == null ? 0 : group.members().size(),
          total(rows),
          rows,
          null);
    } catch (UnavailableException e) {
      return new SystemView.Queue(
          Topics.JOB_EVENTS, gatewayGroup, null, 0, null, List.of(), e.getMessage());
    }
  }

  private List<TopicPartition> partitions(String topic) {
    var description = get(admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
    return description.partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, spec));
    Map<TopicPartition, ListOffsetsResultInfo> found = get(admin().listOffsets(query).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    found.forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }

  private Map<TopicPartition, SharePartitionOffsetInfo> shareOffsets(
      List<TopicPartition> partitions) {
    ListShareGroupOffsetsSpec spec = new ListShareGroupOffsetsSpec().topicPartitions(partitions);
    Map<TopicPartition, SharePartitionOffsetInfo> found =
        orNull(
            admin()
                .listShareGroupOffsets(Map.of(workerGroup, spec))
                .partitionsToOffsetInfo(workerGroup));
    // A group that never consumed has no state: partitions come back missing or as null.
    Map<TopicPartition, SharePartitionOffsetInfo> present = new HashMap<>();
    if (found == null) {
      return present;
    }
    found.forEach(
        (p, info) -> {
          if (info != null) {
            present.put(p, info);
          }
        });
    return present;
  }

  private static Long total(List<SystemView.Partition> rows) {
    return rows.stream().mapToLong(SystemView.Partition::lag).sum();
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new UnavailableException("Kafka: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new UnavailableException("Kafka did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted");
    }
  }

  /** A figure that may not exist yet (a group that never joined): null when Kafka says no. */
  private <T> T orNull(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return get(future);
    } catch (UnavailableException e) {
      return null;
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Map<String, Object> p = new HashMap<>(settings.admin());
      p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "avatar4d-gateway-system");
      admin = Admin.create(p);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }

  /** A figure Kafka did not give. */
  private static final class UnavailableException extends RuntimeException {
    UnavailableException(String message) {
      super(message, null, false, false);
    }
  }
}
