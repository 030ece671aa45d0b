package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.background.BackgroundLoop;
import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends due webhook deliveries on its own thread. Each round claims as many due rows as there are
 * free in-flight slots ({@code FOR UPDATE SKIP LOCKED}, so several gateways share the work, and a
 * lease so that a claim outlives its short transaction), signs them with the tenant's secrets and
 * POSTs them asynchronously. Each attempt is recorded in its own transaction when it ends: a 2xx
 * marks the delivery delivered; anything else schedules the next attempt by {@link RetryPolicy}, or
 * marks it failed once {@code max-attempts} is reached or the URL is refused.
 *
 * <p>Delivery is at least once: if the gateway dies after a POST but before recording it, the lease
 * expires and the delivery is sent again with the same {@code webhook-id}. Deliveries are not
 * ordered, not even per job; receivers order by the payload's {@code timestamp}.
 */
@ApplicationScoped
public class WebhookDispatcher {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

  private final Transactions tx;
  private final WebhookDeliveryRepository deliveries;
  private final WebhookSecrets secrets;
  private final WebhookSender sender;
  private final Clock clock;
  private final RetryPolicy policy;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration requestTimeout;
  private final int maxInFlight;
  private final Semaphore slots;
  private final Semaphore wakeUps = new Semaphore(0);
  private final BackgroundLoop loop;

  WebhookDispatcher(
      Transactions tx,
      WebhookDeliveryRepository deliveries,
      WebhookSecrets secrets,
      WebhookSender sender,
      Clock clock,
      GatewayConfig config) {
    this.tx = tx;
    this.deliveries = deliveries;
    this.secrets = secrets;
    this.sender = sender;
    this.clock = clock;
    this.policy = RetryPolicy.of(config.webhooks());
    this.pollInterval = config.webhooks().pollInterval();
    // Long enough for the POST (its timeout covers connecting) and recording the result.
    this.requestTimeout = config.webhooks().requestTimeout();
    this.lease = requestTimeout.multipliedBy(2).plusSeconds(10);
    this.maxInFlight = config.webhooks().maxInFlight();
    this.slots = new Semaphore(maxInFlight);
    this.loop =
        new BackgroundLoop(
            "webhook-dispatcher",
            BackgroundLoop.RESTART_DELAY,
            pollInterval.plusSeconds(5),
            this::dispatch,
            this::wakeUp);
  }

  void start(@Observes StartupEvent startup) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    loop.stop();
    // Let attempts in flight record their result; unrecorded ones are retried after their lease.
    if (slots.tryAcquire(
        maxInFlight, requestTimeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
      slots.release(maxInFlight);
    }
  }

  /** Asks for a round now instead of at the next poll. */
  public void wakeUp() {
    wakeUps.release();
  }

  private void dispatch() throws InterruptedException {
    while (loop.running()) {
      int claimed = round();
      if (claimed > 0 && slots.availablePermits() > 0) {
        continue; // more may be due
      }
      wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      wakeUps.drainPermits();
    }
  }

  private int round() {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    try {
      List<ClaimedDelivery> claimed = tx.inTransaction(c -> claim(c, free));
      for (ClaimedDelivery delivery : claimed) {
        slots.acquireUninterruptibly();
        try {
          sender
              .send(delivery)
              .whenComplete((result, failure) -> finish(delivery, result, failure));
        } catch (RuntimeException e) {
          finish(delivery, null, e);
        }
      }
      return claimed.size();
    } catch (RuntimeException e) {
      LOG.warnf("webhook dispatch round failed: %s", e.getMessage());
      return 0;
    }
  }

  private List<ClaimedDelivery> claim(Connection c, int limit) throws SQLException {
    Instant now = Sql.toDbPrecision(clock.instant());
    List<ClaimedDelivery> claimed = deliveries.claimDue(c, now, limit, now.plus(lease));
    Map<String, List<String>> byTenant = new HashMap<>();
    List<ClaimedDelivery> signed = new ArrayList<>(claimed.size());
    for (ClaimedDelivery delivery : claimed) {
      List<String> signing = byTenant.get(delivery.tenant());
      if (signing == null) {
        signing = secrets.signing(c, delivery.tenant(), now);
        byTenant.put(delivery.tenant(), signing);
      }
      signed.add(delivery.withSecrets(signing));
    }
    return signed;
  }

  private void finish(ClaimedDelivery delivery, AttemptResult result, Throwable failure) {
    try {
      AttemptResult outcome =
          failure == null ? result : AttemptResult.noResponse(String.valueOf(failure));
      Instant now = Sql.toDbPrecision(clock.instant());
      RetryPolicy.Next next =
          policy.next(delivery.attemptsBefore() + 1, outcome, now, ThreadLocalRandom.current());
      tx.inTransaction(
          c -> {
            deliveries.recordAttempt(c, delivery.id(), outcome, next, now);
            return null;
          });
      log(delivery, outcome, next);
    } catch (RuntimeException e) {
      LOG.warnf(
          "webhook %s: could not record the attempt, it is retried after its lease: %s",
          delivery.id(), e.getMessage());
    } finally {
      slots.release();
      wakeUp();
    }
  }

  private static void log(ClaimedDelivery delivery, AttemptResult outcome, RetryPolicy.Next next) {
    int attempt = delivery.attemptsBefore() + 1;
    switch (next.status()) {
      case DELIVERED -> LOG.debugf("webhook %s delivered on attempt %d", delivery.id(), attempt);
      case PENDING ->
          LOG.debugf(
              "webhook %s attempt %d failed (%s); next at %s",
              delivery.id(), attempt, outcome.error(), next.nextAttemptAt());
      case FAILED ->
          LOG.warnf(
              "webhook %s to %s failed for good after %d attempts: %s",
              delivery.id(), delivery.url(), attempt, outcome.error());
    }
  }
}
