package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.protocol.WorkerHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link WorkerHeartbeat} on {@link Topics#WORKER_HEARTBEATS} every {@link #INTERVAL},
 * and a last one marked {@code stopping} when closed. The gateway counts a worker alive while its
 * heartbeats keep coming.
 *
 * <p>The current job and the speed of the last one come from this worker's own events on {@link
 * Topics#JOB_EVENTS} (read from the end, without a consumer group): they are the facts the job loop
 * already publishes, so the loop needs no hook for the heartbeat. Heartbeats are best effort: one
 * that cannot be sent is dropped, the next one supersedes it.
 */
public final class HeartbeatPublisher implements Runnable, AutoCloseable {
  /** How often a heartbeat is sent. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

  private final String workerId;
  private final String device;
  private final Clock clock;
  private final Instant startedAt;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> events;
  private final WorkerActivity activity;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean running = true;
  private boolean assigned;

  /**
   * @param device where this worker's model runs ({@code cpu} or {@code gpu:N})
   */
  public HeartbeatPublisher(String bootstrap, String workerId, String device, Clock clock) {
    this.workerId = workerId;
    this.device = device;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.activity = new WorkerActivity(workerId);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "worker-" + workerId + "-heartbeat");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) INTERVAL.toMillis());
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "worker-" + workerId + "-activity");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.events = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void run() {
    try {
      Instant next = clock.instant();
      while (running) {
        Instant now = clock.instant();
        if (!now.isBefore(next)) {
          send(heartbeat(false));
          next = now.plus(INTERVAL);
        }
        if (!assigned) {
          assigned = followOwnEvents();
        }
        long waitMs =
            Math.max(1, Math.min(POLL.toMillis(), Duration.between(now, next).toMillis()));
        if (assigned) {
          for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(waitMs))) {
            apply(record);
          }
        } else {
          Thread.sleep(waitMs);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // close() asked us to stop.
    } finally {
      send(heartbeat(true));
      producer.close(CLOSE_TIMEOUT);
      events.close(CLOSE_TIMEOUT);
      finished.countDown();
    }
  }

  /**
   * Sends the last heartbeat (marked stopping) and releases the Kafka clients; waits a few seconds
   * at most.
   */
  @Override
  public void close() {
    running = false;
    events.wakeup();
    try {
      finished.await(CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The heartbeat this worker would send now. */
  WorkerHeartbeat heartbeat(boolean stopping) {
    Instant now = clock.instant();
    return new WorkerHeartbeat(
        workerId,
        device,
        startedAt,
        now,
        INTERVAL.toMillis(),
        stopping,
        activity.current(),
        activity.last());
  }

  private boolean followOwnEvents() {
    try {
      List<TopicPartition> partitions =
          events.partitionsFor(Topics.JOB_EVENTS, Duration.ofSeconds(2)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return false;
      }
      events.assign(partitions);
      // Only what happens from now on: this worker has published nothing before it started.
      events.seekToEnd(partitions);
      return true;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.debug("job events not readable yet: {}", e.getMessage());
      return false;
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      activity.apply(Json.fromBytes(record.value(), JobEvent.class));
    } catch (RuntimeException e) {
      // Someone else's malformed record says nothing about this worker.
      LOG.debug("ignoring unreadable job event at offset {}: {}", record.offset(), e.getMessage());
    }
  }

  private void send(WorkerHeartbeat heartbeat) {
    try {
      producer.send(
          new ProducerRecord<>(
              Topics.WORKER_HEARTBEATS,
              null,
              heartbeat.sentAt().toEpochMilli(),
              workerId,
              Json.toBytes(heartbeat)),
          (metadata, error) -> {
            if (error != null) {
              LOG.debug("heartbeat not sent: {}", error.getMessage());
            }
          });
      if (heartbeat.stopping()) {
        producer.flush();
      }
    } catch (KafkaException e) {
      LOG.debug("heartbeat not sent: {}", e.getMessage());
    }
  }
}
