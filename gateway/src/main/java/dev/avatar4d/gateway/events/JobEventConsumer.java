package dev.avatar4d.gateway.events;

import dev.avatar4d.gateway.background.BackgroundLoop;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.KafkaAdmin;
import dev.avatar4d.gateway.config.KafkaSettings;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads {@link Topics#JOB_EVENTS} in the classic consumer group {@code avatar-gateway} on its own
 * thread. Offsets are committed by hand, only after the events' database transactions committed, so
 * a crash replays events rather than losing them; {@link JobEventApplier} makes replays harmless.
 * When the database fails, the partition is rewound to the failed record and retried after a pause.
 */
@ApplicationScoped
public class JobEventConsumer {
  private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

  private final KafkaSettings settings;
  private final KafkaAdmin admin;
  private final JobEventApplier applier;
  private final Duration pollTimeout;
  private final Duration retryBackoff;
  private final BackgroundLoop loop;
  private volatile KafkaConsumer<String, byte[]> consumer;

  JobEventConsumer(
      KafkaSettings settings, KafkaAdmin admin, JobEventApplier applier, GatewayConfig config) {
    this.settings = settings;
    this.admin = admin;
    this.applier = applier;
    this.pollTimeout = config.events().pollTimeout();
    this.retryBackoff = config.events().retryBackoff();
    this.loop =
        new BackgroundLoop(
            "job-event-consumer",
            BackgroundLoop.RESTART_DELAY,
            Duration.ofSeconds(10),
            this::consume,
            this::wakeConsumer);
  }

  void start(@Observes StartupEvent startup) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    loop.stop();
  }

  private void wakeConsumer() {
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /**
   * Consumes until shutdown; a failure ends this consumer, and {@link BackgroundLoop} starts a new
   * one.
   */
  private void consume() {
    // Topics first, so that subscribing never races the broker's auto-creation.
    admin.ensureTopics();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings.eventConsumer())) {
      consumer = c;
      c.subscribe(List.of(Topics.JOB_EVENTS));
      while (loop.running()) {
        pollOnce(c);
      }
    } catch (WakeupException e) {
      // Shutdown, or a wakeup that raced it: the loop decides.
    } finally {
      consumer = null;
    }
  }

  private void pollOnce(KafkaConsumer<String, byte[]> c) {
    ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    boolean failed = false;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        if (!handle(record)) {
          c.seek(partition, record.offset());
          failed = true;
          break;
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!done.isEmpty()) {
      commit(c, done);
    }
    if (failed) {
      pause();
    }
  }

  /** True when the record is dealt with (applied or deliberately skipped), false to retry it. */
  private boolean handle(ConsumerRecord<String, byte[]> record) {
    JobEvent event;
    try {
      event = Json.fromBytes(record.value(), JobEvent.class);
    } catch (RuntimeException e) {
      // A record that can never be parsed would block its partition forever if retried.
      LOG.errorf(
          "skipping unreadable record %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return true;
    }
    try {
      applier.apply(event);
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(
          "event %s for job %s not applied, will retry: %s",
          event.eventId(), event.jobId(), e.getMessage());
      return false;
    }
  }

  private static void commit(
      KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      c.commitSync(offsets);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      // The events are in the database already; replaying them after a rebalance is harmless.
      LOG.warnf("offset commit failed, events may be replayed: %s", e.getMessage());
    }
  }

  private void pause() {
    try {
      Thread.sleep(retryBackoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }
}
