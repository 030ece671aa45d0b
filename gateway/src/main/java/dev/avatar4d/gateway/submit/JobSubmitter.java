package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.auth.Tenant;
import dev.avatar4d.gateway.auth.TenantRepository;
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
import dev.avatar4d.gateway.webhooks.WebhookOutbox;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts a validated submission for a tenant: stores the inputs first, then writes the job row,
 * its inputs and the outbox row carrying the {@link JobRequest} in one transaction, after checking
 * the tenant's quota of active jobs. If either step fails, the stored inputs are deleted again, so
 * a failed submit leaves nothing half-written.
 *
 * <p>With an {@code Idempotency-Key}, the key is remembered in the same transaction: a repeat with
 * the same request returns the job the first one created, a repeat with a different request is a
 * conflict. Two concurrent requests with one key race at the unique key; the loser removes its
 * inputs and answers like a repeat.
 */
@ApplicationScoped
public class JobSubmitter {
  private static final Logger LOG = Logger.getLogger(JobSubmitter.class);

  /** Suggested wait when the quota is full: about how long a small job takes. */
  private static final long QUOTA_RETRY_AFTER_SECONDS = 30;

  private final ObjectStores stores;
  private final Transactions tx;
  private final JobRepository jobs;
  private final JobInputRepository inputs;
  private final OutboxRepository outbox;
  private final TenantRepository tenants;
  private final IdempotencyRepository idempotency;
  private final OutboxRelay relay;
  private final GatewayMetrics metrics;
  private final JobChanges changes;
  private final Clock clock;
  private final GatewayConfig.Auth limits;
  private final WebhookOutbox webhooks;

  JobSubmitter(
      ObjectStores stores,
      Transactions tx,
      JobRepository jobs,
      JobInputRepository inputs,
      OutboxRepository outbox,
      TenantRepository tenants,
      IdempotencyRepository idempotency,
      OutboxRelay relay,
      GatewayMetrics metrics,
      JobChanges changes,
      WebhookOutbox webhooks,
      Clock clock,
      GatewayConfig config) {
    this.stores = stores;
    this.tx = tx;
    this.jobs = jobs;
    this.inputs = inputs;
    this.outbox = outbox;
    this.tenants = tenants;
    this.idempotency = idempotency;
    this.relay = relay;
    this.metrics = metrics;
    this.changes = changes;
    this.webhooks = webhooks;
    this.clock = clock;
    this.limits = config.auth();
  }

  /**
   * The outcome of a submit.
   *
   * @param replayed true when an {@code Idempotency-Key} repeat returned an earlier job
   */
  public record Accepted(JobRow job, boolean replayed) {}

  /**
   * Stores and enqueues {@code submission} for {@code tenant}; returns the QUEUED job (or the
   * earlier one).
   */
  public Accepted submit(String tenant, Submission submission, Optional<String> idempotencyKey) {
    String fingerprint = idempotencyKey.map(k -> RequestFingerprint.of(submission)).orElse(null);
    if (idempotencyKey.isPresent()) {
      Optional<JobRow> earlier = earlierJob(tenant, idempotencyKey.get(), fingerprint);
      if (earlier.isPresent()) {
        return new Accepted(earlier.get(), true);
      }
    }
    // Checked again under the tenant's lock below; this early look avoids storing inputs for
    // nothing.
    checkQuota(
        tenant,
        tx.read(c -> jobs.countActive(c, tenant)),
        quota(tx.read(c -> tenants.find(c, tenant))));
    UUID id = UUID.randomUUID();
    ObjectStore store = stores.store();
    JobRow job;
    try {
      List<JobInput> stored = storeInputs(store, id, submission);
      Instant now = Sql.toDbPrecision(clock.instant());
      Deadlines deadlines = submission.deadlines();
      job =
          JobRow.accepted(
              id,
              tenant,
              submission.options(),
              submission.driving().size(),
              now,
              deadlines.cancelAt(now),
              deadlines.startBy(now));
      JobRequest request = request(job, stored);
      tx.inTransaction(
          c -> {
            checkQuota(tenant, jobs.countActive(c, tenant), quota(tenants.lock(c, tenant)));
            jobs.insert(c, job);
            inputs.insertAll(c, id, stored);
            outbox.add(c, Topics.JOBS, id.toString(), request, now);
            webhooks.subscribe(c, id, submission.webhook(), now);
            if (idempotencyKey.isPresent()
                && !idempotency.remember(
                    c,
                    tenant,
                    idempotencyKey.get(),
                    fingerprint,
                    id,
                    now,
                    now.plus(limits.idempotencyTtl()))) {
              throw new LostIdempotencyRace();
            }
            return null;
          });
    } catch (LostIdempotencyRace race) {
      deleteInputs(store, id, race);
      return new Accepted(
          earlierJob(tenant, idempotencyKey.get(), fingerprint)
              .orElseThrow(
                  () -> new IllegalStateException("idempotency key vanished during a race")),
          true);
    } catch (RuntimeException e) {
      deleteInputs(store, id, e);
      throw e;
    }
    relay.wakeUp();
    metrics.jobSubmitted();
    changes.published(job);
    LOG.infof(
        "job %s accepted for tenant %s: %d driving frames, %d views",
        id, tenant, job.framesTotal(), job.options().views().size());
    return new Accepted(job, false);
  }

  /**
   * The job an earlier request with this key created; {@link IdempotencyConflictException} if that
   * request differed.
   */
  private Optional<JobRow> earlierJob(String tenant, String key, String fingerprint) {
    Instant now = clock.instant();
    return tx.read(
        c -> {
          Optional<IdempotencyRepository.Entry> entry = idempotency.findLive(c, tenant, key, now);
          if (entry.isEmpty()) {
            return Optional.empty();
          }
          if (!entry.get().requestHash().equals(fingerprint)) {
            throw new IdempotencyConflictException(key, entry.get().jobId());
          }
          return jobs.findOwned(c, tenant, entry.get().jobId());
        });
  }

  private int quota(Optional<Tenant> tenant) {
    Integer own = tenant.map(Tenant::maxActiveJobs).orElse(null);
    return own == null ? limits.maxActiveJobs() : own;
  }

  private static void checkQuota(String tenant, int active, int quota) {
    if (active >= quota) {
      throw new QuotaExceededException(tenant, active, quota, QUOTA_RETRY_AFTER_SECONDS);
    }
  }

  /**
   * Thrown inside the transaction to roll it back when another request took the idempotency key
   * first.
   */
  private static final class LostIdempotencyRace extends RuntimeException {
    LostIdempotencyRace() {
      super("another request with the same Idempotency-Key was accepted first", null, false, false);
    }
  }

  private static List<JobInput> storeInputs(ObjectStore store, UUID id, Submission submission) {
    List<JobInput> stored = new ArrayList<>(submission.driving().size() + 1);
    InputImage source = submission.source();
    stored.add(
        new JobInput(
            JobInput.SOURCE,
            0,
            store.put(
                JobKeys.source(id, source.type().extension()),
                source.bytes(),
                source.type().mediaType())));
    for (int i = 0; i < submission.driving().size(); i++) {
      InputImage frame = submission.driving().get(i);
      stored.add(
          new JobInput(
              JobInput.DRIVING,
              i,
              store.put(
                  JobKeys.driving(id, i, frame.type().extension()),
                  frame.bytes(),
                  frame.type().mediaType())));
    }
    return stored;
  }

  private JobRequest request(JobRow job, List<JobInput> stored) {
    String sourceKey = stored.get(0).object().key();
    List<String> drivingKeys =
        stored.subList(1, stored.size()).stream().map(i -> i.object().key()).toList();
    return new JobRequest(
        job.id(),
        job.tenant(),
        sourceKey,
        drivingKeys,
        job.options(),
        job.createdAt(),
        0,
        job.cancelAt(),
        job.startBy());
  }

  private static void deleteInputs(ObjectStore store, UUID id, RuntimeException cause) {
    try {
      store.deletePrefix(JobKeys.inputPrefix(id));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.errorf(
          "job %s: could not delete its inputs after a failed submit: %s", id, e.getMessage());
    }
  }
}
