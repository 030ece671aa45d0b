package dev.avatar4d.gateway.system;

import dev.avatar4d.gateway.background.BackgroundLoop;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.KafkaAdmin;
import dev.avatar4d.gateway.config.KafkaSettings;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.protocol.WorkerHeartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@link Topics#WORKER_HEARTBEATS} on its own thread, without a consumer group (every
 * gateway instance needs every heartbeat), into a {@link WorkerRoster}. At start it rewinds by the
 * roster's memory, so a restarted gateway knows the workers at once.
 */
@ApplicationScoped
public class HeartbeatListener {
  private static final Logger LOG = Logger.getLogger(HeartbeatListener.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final KafkaSettings settings;
  private final KafkaAdmin admin;
  private final Clock clock;
  private final Duration rewind;
  private final WorkerRoster roster;
  private final BackgroundLoop loop;
  private volatile KafkaConsumer<String, byte[]> consumer;

  HeartbeatListener(KafkaSettings settings, KafkaAdmin admin, Clock clock, GatewayConfig config) {
    this.settings = settings;
    this.admin = admin;
    this.clock = clock;
    this.rewind = config.system().forgetWorkerAfter();
    this.roster = new WorkerRoster(config.system().workerTimeout(), rewind);
    this.loop =
        new BackgroundLoop(
            "worker-heartbeats", RETRY, Duration.ofSeconds(5), this::listen, this::wakeConsumer);
  }

  /** Workers heard from recently, alive ones first. */
  public List<SystemView.Worker> workers() {
    return roster.workers(clock.instant());
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
   * Follows the heartbeats until shutdown; a failure ends this consumer, and {@link BackgroundLoop}
   * starts a new one.
   */
  private void listen() throws InterruptedException {
    admin.ensureTopics();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
      consumer = c;
      while (loop.running() && !follow(c)) {
        Thread.sleep(RETRY.toMillis());
      }
      while (loop.running()) {
        for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
          heard(record);
        }
      }
    } catch (WakeupException e) {
      // Shutdown, or a wakeup that raced it: the loop decides.
    } finally {
      consumer = null;
    }
  }

  private boolean follow(KafkaConsumer<String, byte[]> c) {
    try {
      List<TopicPartition> partitions =
          c.partitionsFor(Topics.WORKER_HEARTBEATS, RETRY).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return false;
      }
      c.assign(partitions);
      long since = clock.instant().minus(rewind).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, since));
      Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, RETRY);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp at = found.get(p);
        if (at == null) {
          c.seekToEnd(List.of(p));
        } else {
          c.seek(p, at.offset());
        }
      }
      return true;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.debugf("worker heartbeats not readable yet: %s", e.getMessage());
      return false;
    }
  }

  private void heard(ConsumerRecord<String, byte[]> record) {
    try {
      WorkerHeartbeat heartbeat = Json.fromBytes(record.value(), WorkerHeartbeat.class);
      if (heartbeat.workerId() != null) {
        // The record time is when the worker sent it; that is what "last seen" means.
        roster.heard(heartbeat, Instant.ofEpochMilli(record.timestamp()));
      }
    } catch (RuntimeException e) {
      LOG.debugf("ignoring unreadable heartbeat at offset %d: %s", record.offset(), e.getMessage());
    }
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> p = new HashMap<>(settings.admin());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "avatar4d-gateway-heartbeats");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
