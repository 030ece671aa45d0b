package dev.avatar4d.tests;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every job event published on the bus from now on, noting when each arrived. */
final class EventTap implements AutoCloseable {
  /** A job event and when this test received it ({@link System#nanoTime()}). */
  record TimedEvent(JobEvent event, long receivedNanos) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TimedEvent> seen = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  EventTap(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.JOB_EVENTS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    reader = new Thread(this::read, "event-tap");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          seen.add(new TimedEvent(Json.fromBytes(r.value(), JobEvent.class), System.nanoTime()));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  TimedEvent await(UUID job, JobEventType type, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<TimedEvent> found =
          seen.stream()
              .filter(e -> e.event().jobId().equals(job) && e.event().type() == type)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(5);
    }
    throw new AssertionError(
        "no "
            + type
            + " event for job "
            + job
            + " within "
            + timeout
            + "; saw "
            + seen.stream()
                .filter(e -> e.event().jobId().equals(job))
                .map(e -> e.event().type() + "@" + e.event().framesDone())
                .toList());
  }

  /** The highest frame count a PROGRESS event of {@code job} reported. */
  int lastProgress(UUID job) {
    return seen.stream()
        .filter(e -> e.event().jobId().equals(job) && e.event().type() == JobEventType.PROGRESS)
        .mapToInt(e -> e.event().framesDone())
        .max()
        .orElse(0);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
