package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.KafkaBroker;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.EmbeddedS3Server;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A worker that loses its lease abandons the attempt for good: on a real broker whose record locks
 * last 8 s, a worker that renews only every 10 s loses the lock of a job stuck waiting out an
 * object-store outage. The abandoned run must stop its storage retries and publish nothing more;
 * the loop rejoins the share group, takes the job again, and the new attempt finishes it under its
 * own run prefix.
 */
class LostLeaseTest {
  private static final String ACCESS = "avatar4d";
  private static final String SECRET = "avatar4d-secret";

  @Test
  void aRunThatLostItsLeaseStopsAndPublishesNothingWhileTheNextAttemptFinishesTheJob()
      throws Exception {
    Path dir =
        Files.createDirectories(
            Path.of("target", "lost-lease-" + System.currentTimeMillis()).toAbsolutePath());
    EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.resolve("s3"), 0, ACCESS, SECRET);
    int s3Port = s3.port();
    try (KafkaBroker broker =
            KafkaBroker.start(
                dir.resolve("kafka"),
                0,
                1,
                Map.of(
                    "group.share.min.record.lock.duration.ms", "1000",
                    "group.share.record.lock.duration.ms", "8000"));
        ObjectStore store = ObjectStore.connect(s3.config("avatar4d"));
        SynthesizerPool models =
            new SynthesizerPool(
                p ->
                    Portrait4DSynthesizer.open(
                        new SynthesizerConfig(p, Optional.empty(), 42, "cpu")))) {
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap);
      models.get(JobOptions.DEFAULT_MODEL);
      WorkerConfig config =
          WorkerConfig.fromEnv(
              Map.of(
                  "AVATAR4D_KAFKA_BOOTSTRAP", bootstrap,
                  "AVATAR4D_WORKER_ID", "lost-lease",
                  "AVATAR4D_WORKER_GROUP", "lost-lease",
                  "AVATAR4D_DEVICE", "cpu",
                  "AVATAR4D_LEASE_RENEW_MS", "10000",
                  "AVATAR4D_STORAGE_RETRIES", "10",
                  "AVATAR4D_RETRY_INITIAL_BACKOFF_MS", "1000",
                  "AVATAR4D_RETRY_MAX_BACKOFF_MS", "2000"));
      ShareGroupSetup.readFromEarliest(bootstrap, config.shareGroup());
      Clock clock = Clock.systemUTC();
      Backoff backoff =
          new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff(), () -> 0.5);
      JobRunner runner =
          new JobRunner(
              models,
              SharedFaceAnalyzer.get(),
              store,
              new StorageRetry(config.storageRetries(), backoff, Sleeper.SYSTEM),
              config.viewsPerCall(),
              config.outputFramesInFlight(),
              clock);
      try (TopicTap events = new TopicTap(bootstrap, Topics.JOB_EVENTS);
          EventPublisher publisher = new EventPublisher(bootstrap, config.workerId(), clock)) {
        JobLoop loop =
            new JobLoop(config, runner, publisher, new CancellationRegistry(), store, clock);
        Thread loopThread = new Thread(loop, "lost-lease-loop");
        loopThread.start();
        try {
          UUID id = submit(bootstrap, store, 2);
          events.await(
              r -> is(r.value(), id, JobEventType.STARTED, 1),
              Duration.ofMinutes(2),
              "attempt 1 STARTED");
          s3.close();
          // The lock expires 8 s after the job was taken; the renewal at 10 s finds it gone. The
          // next attempt must then finish within its own 8 s lock, since it never renews either.
          Thread.sleep(10_500);
          s3 = EmbeddedS3Server.start(dir.resolve("s3"), s3Port, ACCESS, SECRET);
          JobEvent done =
              Json.fromBytes(
                  events
                      .await(
                          r -> is(r.value(), id, JobEventType.SUCCEEDED, 0),
                          Duration.ofMinutes(2),
                          "SUCCEEDED")
                      .value(),
                  JobEvent.class);
          // Give an unfenced run time to finish its retries and report.
          Thread.sleep(4_000);

          List<JobEvent> ofJob =
              events.seen().stream()
                  .map(r -> Json.fromBytes(r.value(), JobEvent.class))
                  .filter(e -> e.jobId().equals(id))
                  .toList();
          System.out.printf(
              "lost lease: events %s%n",
              ofJob.stream().map(e -> e.type() + "/" + e.attempt()).toList());
          assertThat(done.attempt()).isEqualTo(2);
          assertThat(ofJob)
              .filteredOn(e -> e.attempt() == 1)
              .extracting(JobEvent::type)
              .contains(JobEventType.STARTED)
              .isSubsetOf(JobEventType.STARTED, JobEventType.PROGRESS);
          assertThat(ofJob).filteredOn(e -> e.type().target().isTerminal()).hasSize(1);

          String runPrefix = AttemptKeys.prefixOfManifest(done.manifestKey()).orElseThrow();
          Manifest manifest = new ManifestStore(store).read(done.manifestKey());
          // 1 view × 2 frames, and the aligned crops of the source and of the 2 driving frames.
          assertThat(manifest.files())
              .hasSize(2 + 1 + 2)
              .allSatisfy(f -> assertThat(f.key()).startsWith(runPrefix));
          List<String> outputs = store.list(JobKeys.outputPrefix(id));
          assertThat(outputs)
              .filteredOn(k -> k.endsWith("/manifest.json"))
              .containsExactly(done.manifestKey());
          assertThat(outputs)
              .filteredOn(k -> !k.startsWith(runPrefix))
              .allSatisfy(k -> assertThat(k).contains("/attempt-1-"));
        } finally {
          loop.stop(Duration.ofSeconds(30));
          loopThread.join(30_000);
        }
      }
    } finally {
      s3.close();
    }
  }

  private static boolean is(byte[] value, UUID job, JobEventType type, int attempt) {
    JobEvent e = Json.fromBytes(value, JobEvent.class);
    return e.jobId().equals(job) && e.type() == type && (attempt == 0 || e.attempt() == attempt);
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.JOBS, 1, (short) 1),
                  new NewTopic(Topics.JOB_EVENTS, 1, (short) 1),
                  new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1)))
          .all()
          .get();
    }
  }

  private static UUID submit(String bootstrap, ObjectStore store, int frames) throws Exception {
    JobRequest request =
        StoredJobRequests.store(store, SampleJob.source().bytes(), frames, "front", 0);
    UUID id = request.jobId();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.JOBS, id.toString(), Json.toBytes(request))).get();
    }
    return id;
  }
}
