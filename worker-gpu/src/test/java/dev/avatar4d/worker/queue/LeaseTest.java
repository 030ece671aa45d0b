package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The lease against a real broker whose record locks last 3 s: a worker that renews its lock for
 * four lock periods keeps its job, and the jobs queued behind it go to another worker, each at its
 * first delivery. This pins down the Kafka 4.2 behaviour {@link Lease} relies on (a poll after a
 * committed renewal returns the renewed record and acquires nothing else), so an upgrade that
 * changes it fails here.
 */
class LeaseTest {
  private static final String TOPIC = "lease-test";
  private static final String GROUP = "lease-test";
  private static final int QUEUED_BEHIND = 5;

  @Test
  void aRenewingWorkerKeepsItsJobAndTakesNoneOfTheJobsQueuedBehindIt() throws Exception {
    Path dir =
        Files.createDirectories(
            Path.of("target", "lease-" + System.currentTimeMillis()).toAbsolutePath());
    try (KafkaBroker broker =
        KafkaBroker.start(
            dir,
            0,
            1,
            Map.of(
                "group.share.min.record.lock.duration.ms", "1000",
                "group.share.record.lock.duration.ms", "3000"))) {
      String bootstrap = broker.bootstrapServers();
      ShareGroupSetup.readFromEarliest(bootstrap, GROUP);
      produce(bootstrap, 1 + QUEUED_BEHIND);

      List<String> takenByOther = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread other = new Thread(() -> slowWorker(bootstrap, takenByOther, stop), "other-worker");
      int renewals = 0;
      int polled;
      try (KafkaShareConsumer<String, byte[]> busy = consumer(bootstrap, "busy")) {
        busy.subscribe(List.of(TOPIC));
        ConsumerRecord<String, byte[]> first = firstRecord(busy);
        other.start();
        Lease lease = new Lease(busy, first);
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < until) {
          assertThat(lease.renew()).as("renewal %d", renewals + 1).isTrue();
          renewals++;
          Thread.sleep(500);
        }
        assertThat(lease.settle()).isTrue();
        busy.acknowledge(lease.record(), AcknowledgeType.ACCEPT);
        Map<?, Optional<org.apache.kafka.common.KafkaException>> accepted =
            busy.commitSync(Duration.ofSeconds(10));
        polled = lease.otherJobsKept();

        assertThat(first.offset()).isZero();
        assertThat(accepted.values()).allSatisfy(e -> assertThat(e).isEmpty());
      } finally {
        awaitCount(takenByOther, QUEUED_BEHIND, Duration.ofSeconds(30));
        stop.set(true);
        other.join(10_000);
      }
      System.out.printf(
          "lease kept over %d renewals (4 lock periods); other jobs its polls took: %d; other worker got %s%n",
          renewals, polled, takenByOther);

      assertThat(polled).isZero();
      assertThat(takenByOther).containsExactly("1/d1", "2/d1", "3/d1", "4/d1", "5/d1");
    }
  }

  private static ConsumerRecord<String, byte[]> firstRecord(KafkaShareConsumer<String, byte[]> c) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        return r;
      }
    }
    throw new AssertionError("no record within 30 s");
  }

  /**
   * Takes one job a second, so queued jobs stay available to the busy worker's polls for a while.
   */
  private static void slowWorker(String bootstrap, List<String> taken, AtomicBoolean stop) {
    try (KafkaShareConsumer<String, byte[]> c = consumer(bootstrap, "other")) {
      c.subscribe(List.of(TOPIC));
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
          taken.add(r.offset() + "/d" + r.deliveryCount().orElse((short) 0));
          sleep(1000);
          c.acknowledge(r, AcknowledgeType.ACCEPT);
          c.commitSync(Duration.ofSeconds(10));
        }
      }
    }
  }

  private static void produce(String bootstrap, int count) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        p.send(new ProducerRecord<>(TOPIC, "job-" + i, new byte[] {(byte) i})).get();
      }
    }
  }

  private static KafkaShareConsumer<String, byte[]> consumer(String bootstrap, String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    props.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    return new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void awaitCount(List<String> list, int count, Duration timeout)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (list.size() < count && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
