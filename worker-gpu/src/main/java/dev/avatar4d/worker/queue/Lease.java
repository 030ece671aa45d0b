package dev.avatar4d.worker.queue;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

/**
 * The acquisition lock this worker holds on one job record, and the record object to acknowledge
 * it through. Kafka 4.2's share consumer returns a renewed record from the next {@code poll()} as a
 * fresh object, and only that object can be acknowledged; this class keeps track of it.
 *
 * <p>The polls that carry renewals also acquire other queued jobs. Handing those straight back
 * ({@code RELEASE}) looks polite but loses them: a released record counts one more delivery each
 * time it is acquired again, so a busy worker polling for its renewals bounced a queued job through
 * all its deliveries in a fraction of a second until Kafka archived it (the job stayed QUEUED for
 * good; FaultToleranceTest, S3 outage). So the first such record is kept instead: renewed with the
 * running job's lock, it comes back from the first poll after the running job ends and runs next.
 * Any further record is released; with one record per poll and one poll per renewal that is rare.
 */
final class Lease {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lease.class);
  private static final Duration RENEW_POLL = Duration.ofMillis(200);
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(15);
  private static final int RENEW_POLLS = 3;

  private final KafkaShareConsumer<String, byte[]> consumer;
  private ConsumerRecord<String, byte[]> record;
  private boolean renewalInFlight;
  /** The one other job kept for after this one, or null. */
  private ConsumerRecord<String, byte[]> held;

  Lease(KafkaShareConsumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
    this.consumer = consumer;
    this.record = record;
  }

  /** The record object that currently carries the lock. */
  ConsumerRecord<String, byte[]> record() {
    return record;
  }

  /**
   * Extends the lock. Returns false when the broker did not hand the record back within this and
   * the previous renewal, which means the lock was lost (another worker may own the job now).
   */
  boolean renew() {
    if (!renewalInFlight) {
      consumer.acknowledge(record, AcknowledgeType.RENEW);
      renewalInFlight = true;
      pollForRenewed();
      return true;
    }
    // A held record may come back first (one record per poll): give ours a few polls.
    for (int i = 0; i < RENEW_POLLS && renewalInFlight; i++) {
      pollForRenewed();
    }
    return !renewalInFlight;
  }

  /**
   * Makes the record acknowledgeable again before the final acknowledgement, waiting for an
   * outstanding renewal to come back. Returns false if it never does (the lock was lost).
   */
  boolean settle() {
    Instant deadline = Instant.now().plus(SETTLE_WAIT);
    while (renewalInFlight && Instant.now().isBefore(deadline)) {
      pollForRenewed();
    }
    return !renewalInFlight;
  }

  private void pollForRenewed() {
    boolean acknowledgedOthers = false;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(RENEW_POLL)) {
      if (sameRecord(r, record)) {
        record = r;
        renewalInFlight = false;
      } else if (held == null || sameRecord(r, held)) {
        if (held == null) {
          LOG.info("busy: keeping job {} (delivery {}) to run next", r.key(), r.deliveryCount().orElse((short) 0));
        }
        held = r;
        consumer.acknowledge(r, AcknowledgeType.RENEW);
        acknowledgedOthers = true;
      } else {
        LOG.info("busy: released job {} (delivery {}) back to the group", r.key(), r.deliveryCount().orElse((short) 0));
        consumer.acknowledge(r, AcknowledgeType.RELEASE);
        acknowledgedOthers = true;
      }
    }
    if (acknowledgedOthers) {
      consumer.commitSync(Duration.ofSeconds(10));
    }
  }

  private static boolean sameRecord(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
    return a.topic().equals(b.topic()) && a.partition() == b.partition() && a.offset() == b.offset();
  }
}
