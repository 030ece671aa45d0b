package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.jobs.JobChanges;
import dev.avatar4d.gateway.jobs.JobInput;
import dev.avatar4d.gateway.jobs.JobInputRepository;
import dev.avatar4d.gateway.jobs.JobRepository;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.metrics.GatewayMetrics;
import dev.avatar4d.gateway.outbox.OutboxRelay;
import dev.avatar4d.gateway.outbox.OutboxRepository;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts a validated submission: stores the inputs first, then writes the job row, its inputs and
 * the outbox row carrying the {@link JobRequest} in one transaction. If either step fails, the
 * stored inputs are deleted again, so a failed submit leaves nothing half-written.
 */
@ApplicationScoped
public class JobSubmitter {
  private static final Logger LOG = Logger.getLogger(JobSubmitter.class);

  private final ObjectStores stores;
  private final Transactions tx;
  private final JobRepository jobs;
  private final JobInputRepository inputs;
  private final OutboxRepository outbox;
  private final OutboxRelay relay;
  private final GatewayMetrics metrics;
  private final JobChanges changes;
  private final Clock clock;
  private final String tenant;

  JobSubmitter(
      ObjectStores stores,
      Transactions tx,
      JobRepository jobs,
      JobInputRepository inputs,
      OutboxRepository outbox,
      OutboxRelay relay,
      GatewayMetrics metrics,
      JobChanges changes,
      Clock clock,
      GatewayConfig config) {
    this.stores = stores;
    this.tx = tx;
    this.jobs = jobs;
    this.inputs = inputs;
    this.outbox = outbox;
    this.relay = relay;
    this.metrics = metrics;
    this.changes = changes;
    this.clock = clock;
    this.tenant = config.api().tenant();
  }

  /** Stores and enqueues {@code submission}; returns the new QUEUED job. */
  public JobRow submit(Submission submission) {
    UUID id = UUID.randomUUID();
    ObjectStore store = stores.store();
    JobRow job;
    try {
      List<JobInput> stored = storeInputs(store, id, submission);
      Instant now = Sql.toDbPrecision(clock.instant());
      job = JobRow.accepted(id, tenant, submission.options(), submission.driving().size(), now);
      JobRequest request = request(job, stored);
      tx.inTransaction(
          c -> {
            jobs.insert(c, job);
            inputs.insertAll(c, id, stored);
            outbox.add(c, Topics.JOBS, id.toString(), request, now);
            return null;
          });
    } catch (RuntimeException e) {
      deleteInputs(store, id, e);
      throw e;
    }
    relay.wakeUp();
    metrics.jobSubmitted();
    changes.published(job);
    LOG.infof("job %s accepted: %d driving frames, %d views", id, job.framesTotal(), job.options().views().size());
    return job;
  }

  private static List<JobInput> storeInputs(ObjectStore store, UUID id, Submission submission) {
    List<JobInput> stored = new ArrayList<>(submission.driving().size() + 1);
    InputImage source = submission.source();
    stored.add(
        new JobInput(
            JobInput.SOURCE, 0,
            store.put(JobKeys.source(id, source.type().extension()), source.bytes(), source.type().mediaType())));
    for (int i = 0; i < submission.driving().size(); i++) {
      InputImage frame = submission.driving().get(i);
      stored.add(
          new JobInput(
              JobInput.DRIVING, i,
              store.put(JobKeys.driving(id, i, frame.type().extension()), frame.bytes(), frame.type().mediaType())));
    }
    return stored;
  }

  private JobRequest request(JobRow job, List<JobInput> stored) {
    String sourceKey = stored.get(0).object().key();
    List<String> drivingKeys = stored.subList(1, stored.size()).stream().map(i -> i.object().key()).toList();
    return new JobRequest(job.id(), job.tenant(), sourceKey, drivingKeys, job.options(), job.createdAt());
  }

  private static void deleteInputs(ObjectStore store, UUID id, RuntimeException cause) {
    try {
      store.deletePrefix(JobKeys.inputPrefix(id));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.errorf("job %s: could not delete its inputs after a failed submit: %s", id, e.getMessage());
    }
  }
}
