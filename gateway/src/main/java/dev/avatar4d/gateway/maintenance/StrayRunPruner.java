package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes the outputs of a SUCCEEDED job's stray runs (every run prefix under {@code
 * jobs/{id}/output/} but the one whose manifest the job shows) once their prune is due ({@link
 * OutputPruneRepository}). The prune row is removed in the same transaction, after the objects are
 * gone, so a failed delete is tried again at the next sweep.
 */
@ApplicationScoped
public class StrayRunPruner {
  private static final Logger LOG = Logger.getLogger(StrayRunPruner.class);

  private final Transactions tx;
  private final OutputPruneRepository prunes;
  private final ObjectStores stores;
  private final int batchSize;

  StrayRunPruner(
      Transactions tx, OutputPruneRepository prunes, ObjectStores stores, GatewayConfig config) {
    this.tx = tx;
    this.prunes = prunes;
    this.stores = stores;
    this.batchSize = config.retention().batchSize();
  }

  /**
   * Prunes up to a batch of due jobs as of {@code now}; returns how many stray runs were deleted.
   */
  public int sweep(Instant now) {
    List<UUID> due = tx.read(c -> prunes.due(c, now, batchSize));
    int deleted = 0;
    for (UUID job : due) {
      deleted +=
          tx.inTransaction(
              c -> {
                var prune = prunes.lockDue(c, job, now).orElse(null);
                if (prune == null) {
                  return 0;
                }
                Set<String> strays = strayRuns(stores.store(), job, prune.keepPrefix());
                for (String run : strays) {
                  stores.store().deletePrefix(run);
                  LOG.infof("job %s: deleted the outputs of stray run %s", job, run);
                }
                prunes.delete(c, job);
                return strays.size();
              });
    }
    return deleted;
  }

  /** The run prefixes under the job's output folder other than {@code keep}. */
  static Set<String> strayRuns(ObjectStore store, UUID job, String keep) {
    String outputs = JobKeys.outputPrefix(job);
    Set<String> runs = new TreeSet<>();
    for (String key : store.list(outputs)) {
      int slash = key.indexOf('/', outputs.length());
      if (slash > 0) {
        String run = key.substring(0, slash + 1);
        if (!run.equals(keep)) {
          runs.add(run);
        }
      }
    }
    return runs;
  }
}
