package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.worker.config.WorkerConfig;
import dev.avatar4d.worker.faces.SharedFaceAnalyzer;
import dev.avatar4d.worker.job.CancellationRegistry;
import dev.avatar4d.worker.job.JobRunner;
import dev.avatar4d.worker.job.SynthesizerPool;
import dev.avatar4d.worker.retry.Backoff;
import dev.avatar4d.worker.retry.Sleeper;
import dev.avatar4d.worker.retry.StorageRetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job loop on real Kafka (share group), a real S3 server and Portrait4D-v2 lite: attempt
 * numbering from a re-driven request's base, per-attempt output keys, the job timeout, retries of
 * object-store faults in-process and by redelivery, and bad input failing at once. Each test runs
 * its own loop in its own share group; jobs of earlier tests are marked canceled in it, so the
 * group (which reads the topic from the start) skips them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLoopTest {
  private static final Duration JOB_WAIT = Duration.ofMinutes(3);

  private DevStack stack;
  private ObjectStore store;
  private SynthesizerPool models;
  private KafkaProducer<String, byte[]> producer;
  private TopicTap events;
  private TopicTap deadLetters;
  private final List<UUID> earlierJobs = new ArrayList<>();
  private JobLoop loop;
  private Thread loopThread;
  private EventPublisher publisher;

  @BeforeAll
  void startStack() throws Exception {
    Path home =
        Files.createDirectories(
            Path.of("target", "job-loop-" + System.currentTimeMillis()).toAbsolutePath());
    stack = DevStack.start(DevStackConfig.ephemeral(home));
    store = ObjectStore.connect(stack.storage());
    models =
        new SynthesizerPool(
            p -> Portrait4DSynthesizer.open(new SynthesizerConfig(p, Optional.empty(), 42, "cpu")));
    models.get(JobOptions.DEFAULT_MODEL);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    events = new TopicTap(stack.bootstrapServers(), Topics.JOB_EVENTS);
    deadLetters = new TopicTap(stack.bootstrapServers(), Topics.DEAD_LETTERS);
  }

  @AfterEach
  void stopLoop() throws InterruptedException {
    stack.startS3();
    if (loop != null) {
      loop.stop(Duration.ofSeconds(30));
      loopThread.join(30_000);
      publisher.close();
      loop = null;
    }
  }

  @AfterAll
  void stopStack() {
    for (AutoCloseable c :
        new AutoCloseable[] {events, deadLetters, producer, models, store, stack}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }

  @Test
  void aRedrivenJobNumbersItsAttemptFromTheBaseAndKeepsItsOutputsUnderThatAttempt()
      throws Exception {
    startLoop(Map.of(), Sleeper.SYSTEM);

    UUID id = submit(SampleJob.source().bytes(), 2, "front,left", 3);
    JobEvent done = awaitEvent(id, JobEventType.SUCCEEDED);

    assertThat(eventsOf(id)).extracting(JobEvent::attempt).containsOnly(4);
    assertThat(done.manifestKey())
        .matches(JobKeys.outputPrefix(id) + "attempt-4-[0-9a-f]{8}/manifest\\.json");
    String runPrefix = AttemptKeys.prefixOfManifest(done.manifestKey()).orElseThrow();
    Manifest manifest = new ManifestStore(store).read(done.manifestKey());
    assertThat(manifest.attempt()).isEqualTo(4);
    assertThat(manifest.viewsPerCall()).isEqualTo(1);
    // 2 views × 2 frames, and the aligned crops of the source and of the 2 driving frames.
    assertThat(manifest.files())
        .hasSize(2 * 2 + 1 + 2)
        .allSatisfy(f -> assertThat(f.key()).startsWith(runPrefix));
    assertThat(store.list(JobKeys.outputPrefix(id)))
        .hasSize(2 * 2 + 1 + 2 + 1)
        .allSatisfy(key -> assertThat(key).startsWith(runPrefix));
  }

  @Test
  void anAttemptThatRunsPastTheJobTimeoutFailsWithoutRetryAndTheWorkerTakesTheNextJob()
      throws Exception {
    startLoop(Map.of("AVATAR4D_JOB_TIMEOUT", "1500ms"), Sleeper.SYSTEM);

    UUID slow = submit(SampleJob.source().bytes(), 6, "orbit:6", 0);
    JobEvent started = awaitEvent(slow, JobEventType.STARTED);
    JobEvent failed = awaitEvent(slow, JobEventType.FAILED);
    ConsumerRecord<String, byte[]> deadLetter =
        deadLetters.await(
            r -> r.key().equals(slow.toString()), Duration.ofSeconds(10), "dead letter of " + slow);
    UUID next = submit(SampleJob.source().bytes(), 1, "front", 0);
    awaitEvent(next, JobEventType.STARTED);
    awaitTerminal(next);
    System.out.printf(
        "timeout 1500 ms: attempt stopped %d ms after it started; '%s'%n",
        Duration.between(started.at(), failed.at()).toMillis(), failed.error());

    assertThat(failed.error()).isEqualTo("timed out after 1500 ms");
    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(Duration.between(started.at(), failed.at()))
        .isLessThan(Duration.ofMillis(1500 + 2000));
    assertThat(header(deadLetter, EventPublisher.REASON_HEADER))
        .isEqualTo("timed out after 1500 ms");
    assertThat(header(deadLetter, EventPublisher.ATTEMPT_HEADER)).isEqualTo("1");
    assertThat(eventsOf(slow))
        .extracting(JobEvent::type)
        .doesNotContain(JobEventType.REQUEUED, JobEventType.SUCCEEDED)
        .filteredOn(t -> t == JobEventType.STARTED)
        .hasSize(1);
  }

  @Test
  void anObjectStoreOutageShorterThanTheRetriesIsRiddenOutInsideTheAttempt() throws Exception {
    List<Duration> waits = new CopyOnWriteArrayList<>();
    startLoop(
        Map.of(
            "AVATAR4D_RETRY_INITIAL_BACKOFF_MS",
            "200",
            "AVATAR4D_RETRY_MAX_BACKOFF_MS",
            "3000",
            "AVATAR4D_STORAGE_RETRIES",
            "6"),
        (d, wake) -> {
          waits.add(d);
          Sleeper.SYSTEM.sleep(d, wake);
        });

    UUID id = submit(SampleJob.source().bytes(), 12, "front,left", 0);
    awaitEvent(id, JobEventType.PROGRESS);
    stack.stopS3();
    Thread.sleep(2000);
    stack.startS3();
    JobEvent done = awaitEvent(id, JobEventType.SUCCEEDED);
    System.out.printf(
        "S3 down 2 s: waits before retries %s ms%n",
        waits.stream().map(Duration::toMillis).toList());

    assertThat(done.attempt()).isEqualTo(1);
    assertThat(eventsOf(id)).extracting(JobEvent::type).doesNotContain(JobEventType.REQUEUED);
    assertThat(waits).isNotEmpty();
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(new ManifestStore(store).read(done.manifestKey()).files()).hasSize(2 * 12 + 1 + 12);
  }

  @Test
  void anOutageLongerThanTheRetriesHandsTheJobBackAndALaterAttemptFinishesIt() throws Exception {
    startLoop(
        Map.of(
            "AVATAR4D_RETRY_INITIAL_BACKOFF_MS",
            "1000",
            "AVATAR4D_RETRY_MAX_BACKOFF_MS",
            "2000",
            "AVATAR4D_STORAGE_RETRIES",
            "1",
            "AVATAR4D_MAX_ATTEMPTS",
            "5"),
        Sleeper.SYSTEM);

    UUID id = submit(SampleJob.source().bytes(), 8, "front,left", 0);
    awaitEvent(id, JobEventType.PROGRESS);
    stack.stopS3();
    JobEvent requeued = awaitEvent(id, JobEventType.REQUEUED);
    stack.startS3();
    JobEvent done = awaitEvent(id, JobEventType.SUCCEEDED);
    System.out.printf(
        "S3 down until the first hand-back: '%s'; finished by attempt %d%n",
        requeued.error(), done.attempt());

    assertThat(requeued.attempt()).isEqualTo(1);
    assertThat(requeued.error()).contains("STORAGE").contains("object store unavailable");
    assertThat(done.attempt()).isGreaterThanOrEqualTo(2);
    assertThat(done.manifestKey())
        .startsWith(JobKeys.outputPrefix(id) + "attempt-" + done.attempt() + "-");
    assertThat(new ManifestStore(store).read(done.manifestKey()).files())
        .allSatisfy(
            f ->
                assertThat(f.key())
                    .startsWith(AttemptKeys.prefixOfManifest(done.manifestKey()).orElseThrow()));
  }

  @Test
  void jobsQueuedBehindALongJobEachRunAtTheirFirstAttemptWhileItsLeaseIsRenewed() throws Exception {
    startLoop(Map.of("AVATAR4D_LEASE_RENEW_MS", "100"), Sleeper.SYSTEM);

    UUID longJob = submit(SampleJob.source().bytes(), 12, "orbit:6", 0);
    JobEvent started = awaitEvent(longJob, JobEventType.STARTED);
    List<UUID> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(submit(SampleJob.source().bytes(), 1, "front", 0));
    }
    JobEvent done = awaitEvent(longJob, JobEventType.SUCCEEDED);
    List<JobEvent> queuedDone = new ArrayList<>();
    for (UUID id : queued) {
      queuedDone.add(awaitEvent(id, JobEventType.SUCCEEDED));
    }
    System.out.printf(
        "long job ran %d ms with its lease renewed every 100 ms; the 3 jobs behind it ended at attempts %s%n",
        Duration.between(started.at(), done.at()).toMillis(),
        queuedDone.stream().map(JobEvent::attempt).toList());

    assertThat(done.attempt()).isEqualTo(1);
    assertThat(queuedDone).extracting(JobEvent::attempt).containsOnly(1);
    for (UUID id : queued) {
      assertThat(eventsOf(id))
          .extracting(JobEvent::type)
          .doesNotContain(JobEventType.REQUEUED, JobEventType.FAILED);
    }
  }

  @Test
  void aBrokerKilledWhileALeaseIsBeingRenewedLeavesTheLoopTakingJobsAfterItsRestart()
      throws Exception {
    startLoop(Map.of("AVATAR4D_LEASE_RENEW_MS", "100"), Sleeper.SYSTEM);
    UUID longJob = submit(SampleJob.source().bytes(), 12, "orbit:6", 0);
    awaitEvent(longJob, JobEventType.STARTED);

    stack.kafka().kill();
    Thread.sleep(8_000);
    stack.startKafka();
    UUID next = submit(SampleJob.source().bytes(), 1, "front", 0);

    JobEvent longDone = awaitEvent(longJob, JobEventType.SUCCEEDED);
    JobEvent nextDone = awaitEvent(next, JobEventType.SUCCEEDED);
    System.out.printf(
        "after a broker SIGKILL mid-renewal: the running job succeeded at attempt %d, the next job at %d%n",
        longDone.attempt(), nextDone.attempt());
    assertThat(longDone.attempt()).isBetween(1, 3);
    assertThat(nextDone.attempt()).isEqualTo(1);
  }

  @Test
  void anUndecodableSourceFailsAtOnceWithoutRetry() throws Exception {
    startLoop(Map.of(), Sleeper.SYSTEM);

    UUID id = submit("not an image".getBytes(StandardCharsets.UTF_8), 1, "front", 0);
    JobEvent failed = awaitEvent(id, JobEventType.FAILED);
    ConsumerRecord<String, byte[]> deadLetter =
        deadLetters.await(
            r -> r.key().equals(id.toString()), Duration.ofSeconds(10), "dead letter of " + id);

    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(failed.error()).contains("not a decodable image");
    assertThat(header(deadLetter, EventPublisher.ATTEMPT_HEADER)).isEqualTo("1");
    assertThat(eventsOf(id)).extracting(JobEvent::type).doesNotContain(JobEventType.REQUEUED);
  }

  private void startLoop(Map<String, String> settings, Sleeper sleeper) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("AVATAR4D_KAFKA_BOOTSTRAP", stack.bootstrapServers());
    env.put("AVATAR4D_WORKER_ID", "loop-test");
    env.put("AVATAR4D_WORKER_GROUP", "loop-test-" + UUID.randomUUID());
    env.put("AVATAR4D_DEVICE", "cpu");
    WorkerConfig config = WorkerConfig.fromEnv(env);
    ShareGroupSetup.readFromEarliest(config.kafkaBootstrap(), config.shareGroup());
    CancellationRegistry cancellations = new CancellationRegistry();
    earlierJobs.forEach(cancellations::cancel);
    Clock clock = Clock.systemUTC();
    publisher = new EventPublisher(config.kafkaBootstrap(), config.workerId(), clock);
    Backoff backoff =
        new Backoff(
            config.retryInitialBackoff(),
            config.retryMaxBackoff(),
            () -> ThreadLocalRandom.current().nextDouble());
    JobRunner runner =
        new JobRunner(
            models,
            SharedFaceAnalyzer.get(),
            store,
            new StorageRetry(config.storageRetries(), backoff, sleeper),
            config.viewsPerCall(),
            config.outputFramesInFlight(),
            clock);
    loop = new JobLoop(config, runner, publisher, cancellations, store, clock);
    loopThread = new Thread(loop, "job-loop-test");
    loopThread.start();
  }

  /** Stores the inputs and queues the request; the job counts as earlier for later tests. */
  private UUID submit(byte[] source, int frames, String views, int attemptBase) throws Exception {
    JobRequest request = StoredJobRequests.store(store, source, frames, views, attemptBase);
    UUID id = request.jobId();
    producer.send(new ProducerRecord<>(Topics.JOBS, id.toString(), Json.toBytes(request))).get();
    earlierJobs.add(id);
    return id;
  }

  private List<JobEvent> eventsOf(UUID id) {
    return events.seen().stream()
        .filter(r -> r.key().equals(id.toString()))
        .map(r -> Json.fromBytes(r.value(), JobEvent.class))
        .toList();
  }

  private JobEvent awaitEvent(UUID id, JobEventType type) throws InterruptedException {
    ConsumerRecord<String, byte[]> r =
        events.await(
            rec ->
                rec.key().equals(id.toString())
                    && Json.fromBytes(rec.value(), JobEvent.class).type() == type,
            JOB_WAIT,
            type
                + " of job "
                + id
                + " (saw "
                + eventsOf(id).stream().map(e -> e.type() + "/" + e.attempt()).toList()
                + ")");
    return Json.fromBytes(r.value(), JobEvent.class);
  }

  private void awaitTerminal(UUID id) throws InterruptedException {
    events.await(
        rec ->
            rec.key().equals(id.toString())
                && Json.fromBytes(rec.value(), JobEvent.class).type().target().isTerminal(),
        JOB_WAIT,
        "end of job " + id);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
