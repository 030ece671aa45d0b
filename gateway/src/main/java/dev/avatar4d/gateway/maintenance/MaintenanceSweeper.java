package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Runs the maintenance sweep every {@code avatar4d.retention.sweep-interval}: the queue timeout,
 * retention of job objects, the purge of expired idempotency keys and the deletion of stray runs'
 * outputs ({@link StrayRunPruner}). Each part runs on its own, so an object store outage does not
 * stop the queue timeout. Tests and operators call {@link #runOnce(Instant)} with the instant to
 * sweep as of.
 */
@ApplicationScoped
public class MaintenanceSweeper {
  private static final Logger LOG = Logger.getLogger(MaintenanceSweeper.class);

  private final QueueTimeout queueTimeout;
  private final OutputRetention outputs;
  private final StrayRunPruner strayRuns;
  private final Transactions tx;
  private final RetentionRepository retention;
  private final Clock clock;

  MaintenanceSweeper(
      QueueTimeout queueTimeout,
      OutputRetention outputs,
      StrayRunPruner strayRuns,
      Transactions tx,
      RetentionRepository retention,
      Clock clock) {
    this.queueTimeout = queueTimeout;
    this.outputs = outputs;
    this.strayRuns = strayRuns;
    this.tx = tx;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(
      identity = "avatar4d-maintenance",
      every = "{avatar4d.retention.sweep-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    runOnce(clock.instant());
  }

  /**
   * One sweep as of {@code now}; one at a time in this process (other gateways are kept apart by
   * row locks).
   */
  public synchronized SweepReport runOnce(Instant now) {
    Instant at = Sql.toDbPrecision(now);
    SweepReport report =
        new SweepReport(
            part("retention", () -> outputs.sweep(at)),
            part("queue timeout", () -> queueTimeout.sweep(at)),
            part(
                "idempotency-key purge",
                () -> tx.inTransaction(c -> retention.purgeIdempotencyKeys(c, at))),
            part("stray runs", () -> strayRuns.sweep(at)));
    if (report.jobsWithObjectsDeleted() != 0
        || report.jobsExpiredInQueue() != 0
        || report.idempotencyKeysPurged() != 0
        || report.strayRunsDeleted() != 0) {
      LOG.infof("maintenance sweep: %s", report);
    }
    return report;
  }

  private static int part(String name, IntSupplier work) {
    try {
      return work.getAsInt();
    } catch (RuntimeException e) {
      LOG.warnf("maintenance sweep: %s failed, will retry next sweep: %s", name, e.getMessage());
      return -1;
    }
  }
}
