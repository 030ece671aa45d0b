package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.storage.JobKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes everything stored under {@code jobs/{id}/} (inputs and outputs) of jobs that finished
 * long enough ago: CANCELED after {@code avatar4d.retention.canceled-after}, FAILED after {@code
 * failed-after}, SUCCEEDED after {@code succeeded-after} if set. The job row stays, with {@code
 * outputs_deleted_at} set.
 */
@ApplicationScoped
public class OutputRetention {
  private static final Logger LOG = Logger.getLogger(OutputRetention.class);

  private final Transactions tx;
  private final RetentionRepository retention;
  private final ObjectStores stores;
  private final Map<JobState, Duration> keepFor = new EnumMap<>(JobState.class);
  private final int batchSize;

  OutputRetention(
      Transactions tx, RetentionRepository retention, ObjectStores stores, GatewayConfig config) {
    this.tx = tx;
    this.retention = retention;
    this.stores = stores;
    GatewayConfig.Retention r = config.retention();
    keepFor.put(JobState.CANCELED, r.canceledAfter());
    keepFor.put(JobState.FAILED, r.failedAfter());
    r.succeededAfter().ifPresent(d -> keepFor.put(JobState.SUCCEEDED, d));
    this.batchSize = r.batchSize();
  }

  /**
   * Deletes the objects of up to a batch of due jobs per state, as of {@code now}; returns how many
   * jobs.
   */
  public int sweep(Instant now) {
    Instant at = Sql.toDbPrecision(now);
    int deleted = 0;
    for (Map.Entry<JobState, Duration> policy : keepFor.entrySet()) {
      Instant before = at.minus(policy.getValue());
      List<UUID> due =
          tx.read(c -> retention.finishedBefore(c, policy.getKey(), before, batchSize));
      for (UUID id : due) {
        if (deleteIfDue(id, policy.getKey(), before, at)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Deletes under the row lock and marks in the same transaction, so a concurrent re-drive either
   * re-queues the job first (and this skips it) or sees the mark and refuses.
   */
  private boolean deleteIfDue(UUID id, JobState state, Instant before, Instant now) {
    boolean deleted =
        tx.inTransaction(
            c -> {
              var kept = retention.lockKept(c, id).orElse(null);
              if (kept == null
                  || kept.state() != state
                  || kept.outputsDeletedAt() != null
                  || kept.finishedAt() == null
                  || !kept.finishedAt().isBefore(before)) {
                return false;
              }
              stores.store().deletePrefix(JobKeys.jobPrefix(id));
              retention.markOutputsDeleted(c, id, now);
              return true;
            });
    if (deleted) {
      LOG.infof("job %s (%s): objects deleted by retention", id, state);
    }
    return deleted;
  }
}
