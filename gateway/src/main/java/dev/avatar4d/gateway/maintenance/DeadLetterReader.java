package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the whole dead-letter topic, from the beginning to the end it has when the read starts. No
 * consumer group and no commits: a re-drive looks at every record each time, and what makes it
 * idempotent is the job's state in PostgreSQL, not a Kafka offset.
 */
@ApplicationScoped
public class DeadLetterReader {
  static final String REASON_HEADER = "avatar4d-reason";
  static final String WORKER_HEADER = "avatar4d-worker";

  private final String bootstrap;
  private final Duration timeout;

  DeadLetterReader(GatewayConfig config) {
    this.bootstrap = config.kafka().bootstrap();
    this.timeout = config.redrive().readTimeout();
  }

  /** Every record now on the topic, in partition then offset order. */
  public List<DeadLetter> readAll() {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DEAD_LETTERS, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return List.of();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, List<DeadLetter>> read = new HashMap<>();
      while (!caughtUp(consumer, end, timeout)) {
        if (System.nanoTime() > deadline) {
          throw new DeadLettersUnavailableException(
              "could not read " + Topics.DEAD_LETTERS + " to its end within " + timeout, null);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            read.computeIfAbsent(tp, k -> new ArrayList<>()).add(letter(r));
          }
        }
      }
      List<DeadLetter> all = new ArrayList<>();
      partitions.forEach(p -> all.addAll(read.getOrDefault(p, List.of())));
      return all;
    } catch (KafkaException e) {
      throw new DeadLettersUnavailableException(
          "could not read " + Topics.DEAD_LETTERS + ": " + e.getMessage(), e);
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, Duration timeout) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), timeout) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static DeadLetter letter(ConsumerRecord<String, byte[]> r) {
    return new DeadLetter(
        r.partition(), r.offset(), r.key(), header(r, REASON_HEADER), header(r, WORKER_HEADER));
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "avatar4d-gateway-redrive");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
