package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.AcknowledgementCommitCallback;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.record.TimestampType;

/**
 * A share group holding one job record, as the broker treats it: delivered to one member at a time
 * (the delivery count rising with each delivery), handed back by a {@code RENEW} commit through
 * that member's next poll, released when its member closes, done once accepted. It can fail the
 * next renewal commits with the timeout a starved broker gives. For the job loop's fault tests
 * without a broker.
 */
final class OneJobShareGroup {
  private final String key;
  private final byte[] value;
  private Member holder;
  private short deliveries;
  private boolean renewed;
  private int renewalsToTimeOut;
  private AcknowledgeType settledAs;

  OneJobShareGroup(String key, byte[] value) {
    this.key = key;
    this.value = value;
  }

  /** The next {@code n} renewal commits throw {@link TimeoutException}. */
  synchronized void timeOutRenewals(int n) {
    renewalsToTimeOut = n;
  }

  /** How the record was finally acknowledged, if it was. */
  synchronized Optional<AcknowledgeType> settledAs() {
    return Optional.ofNullable(settledAs);
  }

  synchronized int deliveries() {
    return deliveries;
  }

  /** A new member of the group (the loop makes one per join). */
  ShareConsumer<String, byte[]> newMember() {
    return new Member();
  }

  private synchronized List<ConsumerRecord<String, byte[]>> poll(Member m) {
    if (settledAs == AcknowledgeType.ACCEPT) {
      return List.of();
    }
    if (holder == null) {
      holder = m;
      deliveries++;
      return List.of(record());
    }
    if (holder == m && renewed) {
      renewed = false;
      return List.of(record());
    }
    return List.of();
  }

  private synchronized void commit(Member m, AcknowledgeType type) {
    if (type == null || holder != m) {
      return;
    }
    switch (type) {
      case RENEW -> {
        if (renewalsToTimeOut > 0) {
          renewalsToTimeOut--;
          throw new TimeoutException("ShareAcknowledgeSyncEvent was 161 ms past its expiration");
        }
        renewed = true;
      }
      case ACCEPT, REJECT -> {
        settledAs = type;
        holder = null;
      }
      case RELEASE -> holder = null;
    }
  }

  private synchronized void leave(Member m) {
    if (holder == m) {
      holder = null;
      renewed = false;
    }
  }

  private ConsumerRecord<String, byte[]> record() {
    return new ConsumerRecord<>(
        Topics.JOBS,
        0,
        0L,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        key,
        value,
        new RecordHeaders(),
        Optional.empty(),
        Optional.of(deliveries));
  }

  private final class Member implements ShareConsumer<String, byte[]> {
    private AcknowledgeType pending;
    private volatile boolean woken;

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
      if (woken) {
        woken = false;
        throw new WakeupException();
      }
      List<ConsumerRecord<String, byte[]>> records = OneJobShareGroup.this.poll(this);
      if (records.isEmpty()) {
        try {
          Thread.sleep(Math.min(20, timeout.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new ConsumerRecords<>(
          records.isEmpty() ? Map.of() : Map.of(new TopicPartition(Topics.JOBS, 0), records),
          Map.of());
    }

    @Override
    public void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
      pending = type;
    }

    @Override
    public void acknowledge(ConsumerRecord<String, byte[]> record) {
      acknowledge(record, AcknowledgeType.ACCEPT);
    }

    @Override
    public Map<TopicIdPartition, Optional<KafkaException>> commitSync(Duration timeout) {
      AcknowledgeType type = pending;
      pending = null;
      commit(this, type);
      return Map.of();
    }

    @Override
    public Map<TopicIdPartition, Optional<KafkaException>> commitSync() {
      return commitSync(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
      leave(this);
    }

    @Override
    public void close(Duration timeout) {
      close();
    }

    @Override
    public void wakeup() {
      woken = true;
    }

    @Override
    public void subscribe(Collection<String> topics) {}

    @Override
    public Set<String> subscription() {
      return Set.of(Topics.JOBS);
    }

    @Override
    public void unsubscribe() {}

    @Override
    public void acknowledge(String topic, int partition, long offset, AcknowledgeType type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commitAsync() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setAcknowledgementCommitCallback(AcknowledgementCommitCallback callback) {}

    @Override
    public Uuid clientInstanceId(Duration timeout) {
      return Uuid.ZERO_UUID;
    }

    @Override
    public Optional<Integer> acquisitionLockTimeoutMs() {
      return Optional.empty();
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
      return Map.of();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {}

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {}
  }
}
