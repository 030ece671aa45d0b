package dev.avatar4d.gateway.outbox;

import dev.avatar4d.gateway.config.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends outbox rows with one idempotent producer. The row id travels as header {@value
 * #OUTBOX_ID_HEADER} so that consumers can drop the duplicates an at-least-once relay may produce.
 */
@ApplicationScoped
public class OutboxPublisher {
  /** Header carrying the outbox row id. */
  public static final String OUTBOX_ID_HEADER = "avatar4d-outbox-id";

  private final KafkaSettings settings;
  private Producer<String, String> producer;

  OutboxPublisher(KafkaSettings settings) {
    this.settings = settings;
  }

  /** Starts sending {@code row}; the future completes when the broker acknowledged it. */
  public Future<RecordMetadata> send(OutboxRow row) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(row.topic(), row.key(), row.payload());
    record
        .headers()
        .add(OUTBOX_ID_HEADER, Long.toString(row.id()).getBytes(StandardCharsets.UTF_8));
    try {
      return producer().send(record);
    } catch (RuntimeException e) {
      // Metadata timeouts surface here in some client versions and in the future in others.
      return CompletableFuture.failedFuture(e);
    }
  }

  private synchronized Producer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(settings.producer());
    }
    return producer;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
