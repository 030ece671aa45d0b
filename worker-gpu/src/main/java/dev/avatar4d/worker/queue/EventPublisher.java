package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes job events and dead letters. Every send waits for the broker's acknowledgement: a job's
 * record is acknowledged to the share group only after its outcome is durably published.
 */
public final class EventPublisher implements AutoCloseable {
  /** Dead-letter header: why the job will not be retried (UTF-8). */
  public static final String REASON_HEADER = "avatar4d-reason";

  /** Dead-letter header: the worker that gave up (UTF-8). */
  public static final String WORKER_HEADER = "avatar4d-worker";

  /** Dead-letter header: the attempt number that gave up, in decimal (UTF-8). */
  public static final String ATTEMPT_HEADER = "avatar4d-attempt";

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, byte[]> producer;
  private final String workerId;
  private final Clock clock;

  public EventPublisher(String bootstrap, String workerId, Clock clock) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "worker-" + workerId);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.workerId = workerId;
    this.clock = clock;
  }

  /** A reporter for one attempt of one job, numbering its events from 0. */
  public AttemptReporter attempt(UUID jobId, int attempt) {
    return new AttemptReporter(this, jobId, attempt, workerId, clock);
  }

  /**
   * Sends the original request bytes to the dead-letter topic, with the reason, the worker and the
   * last attempt number ({@link #ATTEMPT_HEADER}, what a re-drive's {@code attemptBase} starts
   * from) in headers.
   */
  public void deadLetter(String key, byte[] request, String reason, int attempt) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTERS, key, request);
    record.headers().add(REASON_HEADER, reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    record.headers().add(WORKER_HEADER, workerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            ATTEMPT_HEADER,
            Integer.toString(attempt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    await(producer.send(record));
  }

  void publish(JobEvent event) {
    await(
        producer.send(
            new ProducerRecord<>(
                Topics.JOB_EVENTS, event.jobId().toString(), Json.toBytes(event))));
  }

  private static void await(java.util.concurrent.Future<?> sent) {
    try {
      sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge a publish: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
