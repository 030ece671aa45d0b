package dev.avatar4d.gateway.support;

import dev.avatar4d.protocol.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes worker heartbeats as a worker writes them, for tests without a worker process. */
public final class WorkerHeartbeats {
  private WorkerHeartbeats() {}

  /**
   * One heartbeat of {@code worker}, stamped {@code at}, on a gpu:0 device.
   *
   * @param currentJobJson the {@code currentJob} field as JSON ({@code "null"} when idle)
   */
  public static void publish(
      String bootstrap, String worker, Instant at, boolean stopping, String currentJobJson) {
    String json =
        "{\"workerId\":\""
            + worker
            + "\",\"device\":\"gpu:0\",\"startedAt\":\""
            + at.minusSeconds(600)
            + "\","
            + "\"sentAt\":\""
            + at
            + "\",\"intervalMs\":5000,\"stopping\":"
            + stopping
            + ",\"currentJob\":"
            + currentJobJson
            + ",\"lastJob\":{\"jobId\":\""
            + UUID.randomUUID()
            + "\",\"frames\":6,\"seconds\":4.0,\"framesPerSecond\":1.5,"
            + "\"finishedAt\":\""
            + at.minusSeconds(30)
            + "\"}}";
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer
          .send(
              new ProducerRecord<>(Topics.WORKER_HEARTBEATS, null, at.toEpochMilli(), worker, json))
          .get();
    } catch (Exception e) {
      throw new AssertionError("could not publish a heartbeat", e);
    }
  }
}
