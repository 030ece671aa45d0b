package dev.avatar4d.gateway.outbox;

import dev.avatar4d.gateway.background.BackgroundLoop;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Moves outbox rows to Kafka on its own thread. Each round locks the oldest unpublished rows
 * ({@code FOR UPDATE SKIP LOCKED}), sends them in id order, and marks the acknowledged ones
 * published in the same transaction. Marking stops at the first failure so that a later row is
 * never marked before an earlier one; everything unmarked is retried next round, which makes
 * delivery at-least-once.
 *
 * <p>Rounds run every {@code avatar4d.outbox.poll-interval}, and at once after {@link #wakeUp()}
 * (called when a transaction added rows), so a new job reaches Kafka within milliseconds.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final Transactions tx;
  private final OutboxRepository outbox;
  private final OutboxPublisher publisher;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final int batchSize;
  private final Duration ackTimeout;
  private final Duration pollInterval;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean brokerWasDown;
  private final BackgroundLoop loop;

  OutboxRelay(
      Transactions tx,
      OutboxRepository outbox,
      OutboxPublisher publisher,
      GatewayMetrics metrics,
      Clock clock,
      GatewayConfig config) {
    this.tx = tx;
    this.outbox = outbox;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.batchSize = config.outbox().batchSize();
    this.pollInterval = config.outbox().pollInterval();
    // A send cannot take longer than blocking for metadata plus the delivery timeout.
    this.ackTimeout =
        config.kafka().maxBlock().plus(config.kafka().deliveryTimeout()).plusSeconds(1);
    this.loop =
        new BackgroundLoop(
            "outbox-relay",
            BackgroundLoop.RESTART_DELAY,
            ackTimeout.plusSeconds(1),
            this::relay,
            this::wakeUp);
  }

  void start(@Observes StartupEvent startup) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    loop.stop();
  }

  /** Asks for a round now instead of at the next poll. */
  public void wakeUp() {
    wakeUps.release();
  }

  private void relay() throws InterruptedException {
    while (loop.running()) {
      round();
      wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      wakeUps.drainPermits();
    }
  }

  private void round() {
    try {
      while (relayOnce() == batchSize) {
        // A full batch means more may be waiting; keep going without the pause.
      }
      metrics.outboxBacklog(tx.read(outbox::countUnpublished));
    } catch (RuntimeException e) {
      LOG.warnf("outbox relay round failed: %s", e.getMessage());
    }
  }

  /** Relays one batch; returns how many rows were published. */
  public int relayOnce() {
    return tx.inTransaction(this::relay);
  }

  private int relay(Connection c) throws SQLException {
    List<OutboxRow> rows = outbox.lockUnpublished(c, batchSize);
    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      Future<RecordMetadata> ack = publisher.send(row);
      acks.add(ack);
      if (ack.isDone() && awaitAck(ack) != null) {
        // Failed without reaching a broker (no metadata): the rest would each block as long again.
        break;
      }
    }
    int published = 0;
    for (int i = 0; i < acks.size(); i++) {
      OutboxRow row = rows.get(i);
      String error = awaitAck(acks.get(i));
      if (error != null) {
        outbox.markFailed(c, row.id(), error);
        logBrokerDown(row, error);
        break;
      }
      outbox.markPublished(c, row.id(), clock.instant());
      published++;
    }
    if (published > 0 && brokerWasDown) {
      brokerWasDown = false;
      LOG.info("outbox relay is publishing again");
    }
    return published;
  }

  private String awaitAck(Future<RecordMetadata> ack) {
    try {
      ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause());
    } catch (TimeoutException e) {
      return "no acknowledgement within " + ackTimeout;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void logBrokerDown(OutboxRow row, String error) {
    if (!brokerWasDown) {
      brokerWasDown = true;
      LOG.warnf("outbox row %d (%s) not published, will retry: %s", row.id(), row.topic(), error);
    }
  }
}
