package dev.avatar4d.worker.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;

/**
 * The acquisition lock this worker holds on one job record, and the record object to acknowledge it
 * through.
 *
 * <p>How a renewal works in Kafka 4.2: {@code acknowledge(RENEW)} followed by {@code commitSync()}
 * extends the lock on the broker; the record object is then spent, and the next {@code poll()}
 * hands the same record back as a fresh object, which is the one to acknowledge from then on
 * (KAFKA-20458). Every record a poll returned must be acknowledged before the next poll.
 *
 * <p>We commit first and poll after. When the poll itself carried the renewal, it also acquired
 * other queued jobs; handing those back ({@code RELEASE}) costs each of them a delivery, and a busy
 * worker renewing often burned a waiting job through all its deliveries until Kafka archived it for
 * good (it stayed QUEUED; found by FaultToleranceTest). A poll made after the renewal has completed
 * returns just the renewed record (measured in {@code LeaseTest}: on the first poll, and no other
 * record).
 *
 * <p>Should a poll still bring another job, it is kept, never released: renewed at once, it comes
 * back from a later poll, where it is renewed again, until the running job ends; then the loop's
 * own poll returns it and it runs, still at its first delivery.
 */
final class Lease {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lease.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Polls per renewal to get the renewed record back; it came back on the first in every run. */
  private static final int POLLS_PER_RENEWAL = 5;

  private static final Duration SETTLE_WAIT = Duration.ofSeconds(15);

  private final ShareConsumer<String, byte[]> consumer;
  private ConsumerRecord<String, byte[]> record;
  private boolean renewalInFlight;
  private final Set<String> keptJobs = new HashSet<>();

  Lease(ShareConsumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
    this.consumer = consumer;
    this.record = record;
  }

  /** The record object that currently carries the lock. */
  ConsumerRecord<String, byte[]> record() {
    return record;
  }

  /**
   * Extends the lock. Returns false when the broker refused the renewal or did not hand the record
   * back within this and the previous renewal: the lock was lost, and another worker may own the
   * job now.
   */
  boolean renew() {
    if (renewalInFlight) {
      // The last renewal's record has not come back yet: give it more polls before giving up.
      pollForRenewed(POLLS_PER_RENEWAL);
      return !renewalInFlight;
    }
    consumer.acknowledge(record, AcknowledgeType.RENEW);
    renewalInFlight = true;
    Optional<KafkaException> refused = refusal(consumer.commitSync(COMMIT_TIMEOUT));
    if (refused.isPresent()) {
      LOG.warn("renewal of job {} refused: {}", record.key(), refused.get().toString());
      return false;
    }
    pollForRenewed(POLLS_PER_RENEWAL);
    return true;
  }

  /**
   * Makes the record acknowledgeable again before the final acknowledgement, waiting for an
   * outstanding renewal to come back. Returns false if it never does (the lock was lost).
   */
  boolean settle() {
    Instant deadline = Instant.now().plus(SETTLE_WAIT);
    while (renewalInFlight && Instant.now().isBefore(deadline)) {
      pollForRenewed(1);
    }
    return !renewalInFlight;
  }

  /** How many other jobs polls made under this lease brought (and it kept). */
  int otherJobsKept() {
    return keptJobs.size();
  }

  private void pollForRenewed(int polls) {
    for (int i = 0; i < polls && renewalInFlight; i++) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (sameRecord(r, record)) {
          record = r;
          renewalInFlight = false;
        } else {
          keep(r);
        }
      }
    }
  }

  private void keep(ConsumerRecord<String, byte[]> other) {
    if (keptJobs.add(other.topic() + "-" + other.partition() + "@" + other.offset())) {
      LOG.info(
          "busy: keeping job {} (delivery {}) to run next",
          other.key(),
          other.deliveryCount().orElse((short) 0));
    }
    consumer.acknowledge(other, AcknowledgeType.RENEW);
    refusal(consumer.commitSync(COMMIT_TIMEOUT))
        .ifPresent(e -> LOG.warn("could not renew kept job {}: {}", other.key(), e.toString()));
  }

  private static Optional<KafkaException> refusal(
      Map<TopicIdPartition, Optional<KafkaException>> result) {
    return result.values().stream().flatMap(Optional::stream).findFirst();
  }

  private static boolean sameRecord(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
    return a.topic().equals(b.topic())
        && a.partition() == b.partition()
        && a.offset() == b.offset();
  }
}
