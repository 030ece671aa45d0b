package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.worker.job.CancellationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link Topics#JOB_CONTROL} on every worker (no consumer group: each worker sees every
 * command) and records cancellations. On start it rewinds by {@link #LOOKBACK}, so a job canceled
 * while still queued is skipped when this worker later takes it.
 */
public final class ControlListener implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);
  static final Duration LOOKBACK = Duration.ofHours(1);

  private final KafkaConsumer<String, byte[]> consumer;
  private final CancellationRegistry cancellations;
  private final Clock clock;
  private volatile boolean running = true;

  public ControlListener(String bootstrap, CancellationRegistry cancellations, Clock clock) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.cancellations = cancellations;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.JOB_CONTROL).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      rewind(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private void rewind(List<TopicPartition> partitions) {
    long since = clock.instant().minus(LOOKBACK).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, since));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      if (at != null) {
        consumer.seek(p, at.offset());
      } else {
        consumer.seekToEnd(List.of(p));
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      JobCommand command = Json.fromBytes(record.value(), JobCommand.class);
      if (command.kind() == JobCommand.Kind.CANCEL) {
        cancellations.cancel(command.jobId());
        LOG.info("cancel requested for job {}", command.jobId());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "ignoring unreadable control record at offset {}: {}", record.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
