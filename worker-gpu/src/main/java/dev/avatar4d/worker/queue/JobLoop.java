package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.worker.config.WorkerConfig;
import dev.avatar4d.worker.job.AttemptRunner;
import dev.avatar4d.worker.job.AttemptStop;
import dev.avatar4d.worker.job.CancellationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes jobs from {@link Topics#JOBS} through a Kafka share group and runs them one at a time.
 *
 * <p>Why a share group: records are handed to whichever member asks, one at a time ({@code
 * max.poll.records=1}, {@code share.acquire.mode=record_limit}), whatever partition they sit on. An
 * idle worker therefore takes the next queued job while another worker is busy with a long one. A
 * classic consumer group would pin each partition to one member and strand jobs queued behind a
 * long job on the same partition.
 *
 * <p>While a job runs, this thread renews the record's acquisition lock every {@link
 * WorkerConfig#leaseRenewInterval()} ({@link AcknowledgeType#RENEW}). A worker that dies stops
 * renewing; the lock expires and the broker hands the job to another worker, whose attempt number
 * is higher. The attempt number is the request's {@code attemptBase} plus the record's delivery
 * count, so a job re-driven from the dead-letter topic keeps counting where it stopped; {@link
 * WorkerConfig#maxAttempts()} limits the deliveries of one record.
 *
 * <p>Outcomes: success, cancellation, bad input, a timeout ({@link WorkerConfig#jobTimeout()}) and
 * exhausted retries are {@code ACCEPT}ed (done); a transient failure or a shutdown {@code RELEASE}s
 * the record for another attempt. A job that will not be retried again goes to the dead-letter
 * topic with its reason, and its FAILED event is published before the record is acknowledged.
 * {@link AttemptVerdict} makes that decision; this class consumes, leases and carries the verdict
 * out.
 */
public final class JobLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(JobLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Pause before a failed loop joins the share group again, so a persistent fault cannot spin. */
  private static final Duration REJOIN_DELAY = Duration.ofSeconds(1);

  /** How often the loop looks at a running job between lease renewals. */
  private static final Duration WATCH = Duration.ofMillis(250);

  /** How long a job asked to stop may take to unwind before it is interrupted. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final WorkerConfig config;
  private final AttemptRunner runner;
  private final EventPublisher events;
  private final CancellationRegistry cancellations;
  private final ObjectStore store;
  private final Clock clock;
  private final ExecutorService jobThread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  private final Supplier<ShareConsumer<String, byte[]>> consumers;
  private volatile ShareConsumer<String, byte[]> consumer;
  private volatile UUID currentJob;

  /** A loop whose members are real Kafka share consumers of {@code config}'s share group. */
  public JobLoop(
      WorkerConfig config,
      AttemptRunner runner,
      EventPublisher events,
      CancellationRegistry cancellations,
      ObjectStore store,
      Clock clock) {
    this(config, runner, events, cancellations, store, clock, () -> newConsumer(config));
  }

  /**
   * A loop whose members come from {@code consumers} (called once per join), so a test can hand it
   * a consumer that fails on cue.
   */
  JobLoop(
      WorkerConfig config,
      AttemptRunner runner,
      EventPublisher events,
      CancellationRegistry cancellations,
      ObjectStore store,
      Clock clock,
      Supplier<ShareConsumer<String, byte[]>> consumers) {
    this.config = config;
    this.consumers = consumers;
    this.runner = runner;
    this.events = events;
    this.cancellations = cancellations;
    this.store = store;
    this.clock = clock;
    this.jobThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "job-" + config.workerId());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Takes jobs until {@link #stop}. If the consumer fails in a way it cannot recover from, the loop
   * logs it, closes the consumer (the broker then releases whatever that member held) and joins the
   * share group again as a new member: a dead loop beside a live heartbeat would look like a
   * healthy idle worker on the dashboard while taking no jobs.
   */
  @Override
  public void run() {
    try {
      while (!stopping) {
        try {
          consumeUntilStoppedOrFailed();
        } catch (LeaseLost e) {
          LOG.warn(
              "worker {} lost the lease on job {}; rejoining the share group as a new member",
              config.workerId(),
              e.jobId);
        } catch (RuntimeException e) {
          if (stopping) {
            break;
          }
          LOG.error(
              "worker {} job loop failed ({}); rejoining the share group in {} ms",
              config.workerId(),
              AttemptVerdict.describe(e),
              REJOIN_DELAY.toMillis(),
              e);
          sleepBeforeRejoining();
        }
      }
    } finally {
      jobThread.shutdownNow();
      finished.countDown();
    }
  }

  private void consumeUntilStoppedOrFailed() {
    try (ShareConsumer<String, byte[]> c = consumers.get()) {
      this.consumer = c;
      c.subscribe(List.of(Topics.JOBS));
      LOG.info(
          "worker {} waiting for jobs in share group {}", config.workerId(), config.shareGroup());
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
          handle(c, record);
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    }
  }

  private void sleepBeforeRejoining() {
    try {
      Thread.sleep(REJOIN_DELAY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /**
   * Asks the loop to stop: the current job is interrupted at its next step and handed back to the
   * queue ({@code RELEASE}), then the consumer leaves the group. Waits up to {@code grace}.
   */
  public void stop(Duration grace) throws InterruptedException {
    stopping = true;
    ShareConsumer<String, byte[]> c = consumer;
    if (c != null && currentJob == null) {
      c.wakeup();
    }
    finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ShareConsumer<String, byte[]> newConsumer(WorkerConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.shareGroup());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "worker-" + config.workerId());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    // Without record_limit the broker may hand this member a whole batch and strand the rest of it
    // behind the job we are about to run.
    props.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    return new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void handle(ShareConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record) {
    int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
    JobRequest request;
    try {
      request = Json.fromBytes(record.value(), JobRequest.class);
    } catch (RuntimeException e) {
      rejectUnreadable(c, record, e, deliveries);
      return;
    }
    UUID jobId = request.jobId();
    int attempt = request.attemptBase() + deliveries;
    AttemptReporter reporter = events.attempt(jobId, attempt);
    if (cancellations.isCanceled(jobId)) {
      LOG.info("job {} was canceled before it started", jobId);
      reporter.canceled();
      acknowledge(c, record, AcknowledgeType.ACCEPT);
      return;
    }
    Optional<AttemptVerdict> late =
        AttemptVerdict.beforeStart(request, deliveries, clock.instant());
    if (late.isPresent()) {
      LOG.info("job {} not started: {}", jobId, late.get().reason());
      reporter.canceled(late.get().code(), late.get().reason());
      deleteOutputs(jobId);
      acknowledge(c, record, AcknowledgeType.ACCEPT);
      return;
    }
    LOG.info(
        "job {} attempt {} started (delivery {} of at most {})",
        jobId,
        attempt,
        deliveries,
        config.maxAttempts());
    AttemptStop stop =
        new AttemptStop(
            jobId,
            cancellations,
            () -> stopping,
            clock,
            clock.instant().plus(config.jobTimeout()),
            request.cancelAt());
    currentJob = jobId;
    try {
      Future<?> run = jobThread.submit(() -> runner.run(request, reporter, stop));
      Lease lease = new Lease(c, record);
      Outcome outcome;
      try {
        outcome = awaitRenewing(lease, run, stop, reporter);
      } catch (RuntimeException consumerFailed) {
        // The consumer failed under a running job (a commit timed out on a starved or restarting
        // broker): the loop rejoins as a new member, the broker hands the job out again, and this
        // run must not go on beside the next one. It once did: left running, it held the single
        // job thread while the redelivered attempt queued behind it, unseen. Interrupted, it
        // unwinds at its next checkpoint and the next attempt takes the thread.
        abandon(run, stop, reporter);
        throw consumerFailed;
      }
      settle(c, lease.record(), request, reporter, deliveries, stop, outcome);
    } finally {
      currentJob = null;
    }
  }

  /** Fences an attempt (its reporter publishes nothing more) and interrupts it. */
  private static void abandon(Future<?> run, AttemptStop stop, AttemptReporter reporter) {
    // Fence first, interrupt after: an interrupt can be swallowed by an I/O call, the flags cannot.
    reporter.silence();
    stop.abandon();
    run.cancel(true);
  }

  /**
   * Waits for the job while keeping its lock ({@link Lease} explains how a renewal works and why it
   * never hands other jobs back). A job asked to stop that has not unwound after {@link
   * #STOP_GRACE} (stuck in one long step) is interrupted. A lost lease silences the attempt's
   * reporter and abandons the attempt before interrupting it, so the run stops at its next
   * checkpoint or storage retry and publishes nothing more.
   */
  private Outcome awaitRenewing(
      Lease lease, Future<?> run, AttemptStop stop, AttemptReporter reporter) {
    Instant nextRenewal = clock.instant().plus(config.leaseRenewInterval());
    Instant interruptAt = null;
    while (true) {
      try {
        long waitMs =
            Math.max(
                1,
                Math.min(
                    WATCH.toMillis(), Duration.between(clock.instant(), nextRenewal).toMillis()));
        run.get(waitMs, TimeUnit.MILLISECONDS);
        return lease.settle() ? Outcome.success() : Outcome.lostLease();
      } catch (TimeoutException still) {
        Instant now = clock.instant();
        if (interruptAt == null && stop.getAsBoolean()) {
          interruptAt = now.plus(STOP_GRACE);
        } else if (interruptAt != null && !now.isBefore(interruptAt)) {
          LOG.warn(
              "job {} did not stop within {} ms of {}; interrupting it",
              lease.record().key(),
              STOP_GRACE.toMillis(),
              stop.reason().orElseThrow());
          run.cancel(true);
          interruptAt = Instant.MAX;
        }
        if (!now.isBefore(nextRenewal)) {
          if (!lease.renew()) {
            LOG.warn("lost the lease on job {}; abandoning this attempt", lease.record().key());
            abandon(run, stop, reporter);
            return Outcome.lostLease();
          }
          nextRenewal = now.plus(config.leaseRenewInterval());
        }
      } catch (CancellationException interrupted) {
        return lease.settle() ? Outcome.failure(interrupted) : Outcome.lostLease();
      } catch (ExecutionException e) {
        return lease.settle() ? Outcome.failure(e.getCause()) : Outcome.lostLease();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.cancel(true);
        return Outcome.failure(e);
      }
    }
  }

  private void settle(
      ShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> record,
      JobRequest request,
      AttemptReporter reporter,
      int deliveries,
      AttemptStop stop,
      Outcome outcome) {
    UUID jobId = request.jobId();
    int attempt = reporter.attempt();
    if (outcome.leaseLost()) {
      // Another worker owns the job now; anything we publish would be outranked anyway. The
      // consumer is left behind: after a lost renewal its view of what it holds can no longer be
      // trusted (a worker that polled on after one took no further job, FaultToleranceTest), and a
      // new member starts with nothing acquired.
      throw new LeaseLost(jobId);
    }
    Throwable error = outcome.error();
    AttemptVerdict verdict =
        AttemptVerdict.of(
            error,
            stop.reason(),
            attempt,
            deliveries,
            config.maxAttempts(),
            config.jobTimeout(),
            config.workerId());
    switch (verdict.kind()) {
      case SUCCEEDED -> {
        LOG.info("job {} attempt {} succeeded", jobId, attempt);
        acknowledge(c, record, AcknowledgeType.ACCEPT);
      }
      case CANCELED -> {
        LOG.info("job {} attempt {} canceled", jobId, attempt);
        if (verdict.code() == null) {
          reporter.canceled();
        } else {
          reporter.canceled(verdict.code(), verdict.reason());
        }
        deleteOutputs(jobId);
        acknowledge(c, record, AcknowledgeType.ACCEPT);
      }
      case FAILED -> {
        LOG.warn("job {} attempt {} failed for good: {}", jobId, attempt, verdict.reason(), error);
        fail(c, record, reporter, verdict.code(), verdict.reason());
      }
      case RETRY, HANDED_BACK -> {
        LOG.warn("job {} attempt {} handed back: {}", jobId, attempt, verdict.reason(), error);
        reporter.requeued(verdict.reason());
        acknowledge(c, record, AcknowledgeType.RELEASE);
      }
      case ABANDONED ->
          LOG.warn("job {} attempt {} abandoned without losing its lease", jobId, attempt);
    }
  }

  /**
   * Best effort: a canceled job's outputs are useless, but failing to delete them changes nothing
   * for the client.
   */
  private void deleteOutputs(UUID jobId) {
    try {
      store.deletePrefix(JobKeys.outputPrefix(jobId));
    } catch (RuntimeException e) {
      LOG.warn("could not delete the outputs of canceled job {}: {}", jobId, e.getMessage());
    }
  }

  private void fail(
      ShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> record,
      AttemptReporter reporter,
      JobErrorCode code,
      String reason) {
    events.deadLetter(record.key(), record.value(), reason, reporter.attempt());
    reporter.failed(code, reason);
    acknowledge(c, record, AcknowledgeType.ACCEPT);
  }

  private void rejectUnreadable(
      ShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> record,
      RuntimeException e,
      int deliveries) {
    String reason = "unreadable job request: " + AttemptVerdict.describe(e);
    LOG.warn("record {} at offset {}: {}", record.key(), record.offset(), reason);
    events.deadLetter(record.key(), record.value(), reason, deliveries);
    parseJobId(record.key())
        .ifPresent(
            id -> events.attempt(id, deliveries).failed(JobErrorCode.UNREADABLE_REQUEST, reason));
    acknowledge(c, record, AcknowledgeType.ACCEPT);
  }

  private static Optional<UUID> parseJobId(String key) {
    try {
      return Optional.of(UUID.fromString(key));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void acknowledge(
      ShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> record,
      AcknowledgeType type) {
    c.acknowledge(record, type);
    if (!commit(c)) {
      LOG.warn(
          "acknowledgement {} of job {} was not accepted by the broker; the job may be delivered again",
          type,
          record.key());
    }
  }

  private static boolean commit(ShareConsumer<String, byte[]> c) {
    Map<TopicIdPartition, Optional<KafkaException>> result = c.commitSync(COMMIT_TIMEOUT);
    return result.values().stream().allMatch(Optional::isEmpty);
  }

  /** Ends the current consumer after a lost lease; the loop rejoins with a new one. */
  private static final class LeaseLost extends RuntimeException {
    private final UUID jobId;

    LeaseLost(UUID jobId) {
      super("lost the lease on job " + jobId, null, false, false);
      this.jobId = jobId;
    }
  }

  /** How a job attempt ended, seen from the loop. */
  private record Outcome(Throwable error, boolean leaseLost) {
    static Outcome success() {
      return new Outcome(null, false);
    }

    static Outcome failure(Throwable error) {
      return new Outcome(error, false);
    }

    static Outcome lostLease() {
      return new Outcome(null, true);
    }
  }
}
