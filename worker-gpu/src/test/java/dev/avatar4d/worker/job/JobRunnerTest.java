package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.faces.FaceObservation;
import dev.avatar4d.faces.TestPhotos;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.JobStage;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.protocol.Preprocess;
import dev.avatar4d.protocol.Quality;
import dev.avatar4d.storage.EmbeddedS3Server;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.worker.faces.SharedFaceAnalyzer;
import dev.avatar4d.worker.queue.StoredJobRequests;
import dev.avatar4d.worker.retry.Backoff;
import dev.avatar4d.worker.retry.JobFailure;
import dev.avatar4d.worker.retry.Sleeper;
import dev.avatar4d.worker.retry.StorageRetry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner on its own: an in-process S3 server, the real lite model, and a recorder in place of
 * the Kafka reporter (no broker).
 */
class JobRunnerTest {
  private static EmbeddedS3Server s3;
  private static ObjectStore store;
  private static SynthesizerPool models;
  private static JobRunner runner;
  private final Clock clock = Clock.systemUTC();

  @BeforeAll
  static void start() throws Exception {
    Path dir =
        Files.createDirectories(
            Path.of("target", "job-runner-" + System.nanoTime()).toAbsolutePath());
    s3 = EmbeddedS3Server.start(dir, 0, "avatar4d", "avatar4d-secret");
    store = ObjectStore.connect(s3.config("avatar4d"));
    models =
        new SynthesizerPool(
            p -> Portrait4DSynthesizer.open(new SynthesizerConfig(p, Optional.empty(), 42, "cpu")));
    StorageRetry retry =
        new StorageRetry(
            2,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), () -> 0.5),
            Sleeper.SYSTEM);
    runner = new JobRunner(models, SharedFaceAnalyzer.get(), store, retry, 4, 2, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    models.close();
    store.close();
    s3.close();
  }

  @Test
  void aJobReportsStartedThenEachFrameThenSucceededWithAManifestThatListsItsOutputs() {
    JobRequest request =
        StoredJobRequests.store(store, SampleJob.source().bytes(), 2, "front,left", 0);
    RecordedEvents events = new RecordedEvents(1);

    runner.run(request, events, running(request));

    assertThat(events.log).containsExactly("started 2", "progress 1", "progress 2", "succeeded");
    Manifest manifest = new ManifestStore(store).read(events.manifestKey);
    assertThat(manifest.attempt()).isEqualTo(1);
    assertThat(manifest.frames()).isEqualTo(2);
    assertThat(manifest.files())
        .isNotEmpty()
        .allSatisfy(f -> assertThat(store.exists(f.key())).isTrue());
    assertThat(events.model.preset()).isEqualTo(JobOptions.DEFAULT_MODEL);
    assertThat(manifest.timings().keySet())
        .containsExactly(
            Arrays.stream(JobStage.values()).map(JobStage::key).toArray(String[]::new));
    assertThat(manifest.timings().values()).allSatisfy(ms -> assertThat(ms).isNotNegative());
    assertThat(manifest.timings().get(JobStage.RENDER.key())).isPositive();
  }

  @Test
  void aDrivingFrameThatIsNotAnImageFailsForGoodBeforeStartedAndStoresNoManifest() {
    JobRequest request = StoredJobRequests.store(store, SampleJob.source().bytes(), 2, "front", 0);
    store.put(
        request.drivingKeys().get(1),
        "not a picture".getBytes(StandardCharsets.UTF_8),
        "image/png");
    RecordedEvents events = new RecordedEvents(1);

    assertThatThrownBy(() -> runner.run(request, events, running(request)))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("driving[1]")
        .satisfies(e -> assertThat(((JobFailure) e).retryable()).isFalse());
    // Every input is read and its face found before the model runs.
    assertThat(events.log).isEmpty();
    assertThat(store.list(JobKeys.outputPrefix(request.jobId())))
        .noneMatch(key -> key.endsWith("manifest.json"));
  }

  @Test
  void aCanceledJobStopsBeforeItStartsAndReportsNothing() {
    JobRequest request = StoredJobRequests.store(store, SampleJob.source().bytes(), 3, "front", 0);
    CancellationRegistry cancellations = new CancellationRegistry();
    cancellations.cancel(request.jobId());
    AttemptStop stop =
        new AttemptStop(
            request.jobId(), cancellations, () -> false, clock, clock.instant().plusSeconds(60));
    RecordedEvents events = new RecordedEvents(2);

    assertThatThrownBy(() -> runner.run(request, events, stop))
        .isInstanceOf(JobCanceledException.class);
    assertThat(events.log).isEmpty();
    assertThat(stop.reason()).contains(AttemptStop.Reason.CANCELED);
  }

  @Test
  void aSourceWithoutAFaceFailsForGoodWithNoFaceBeforeAnythingIsStored() {
    JobRequest request = StoredJobRequests.store(store, TestPhotos.png("coffee"), 2, "front", 0);
    RecordedEvents events = new RecordedEvents(1);

    assertThatThrownBy(() -> runner.run(request, events, running(request)))
        .isInstanceOfSatisfying(
            JobFailure.class,
            e -> {
              assertThat(e.code()).isEqualTo(JobErrorCode.NO_FACE);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("no face");
    assertThat(events.log).isEmpty();
    assertThat(store.list(JobKeys.outputPrefix(request.jobId()))).isEmpty();
  }

  @Test
  void aHalfLengthPortraitIsCutToItsFaceAndTheManifestSaysHowItWasPrepared() throws IOException {
    byte[] portrait = TestPhotos.png("astronaut");
    JobRequest request =
        StoredJobRequests.store(store, portrait, List.of(portrait, portrait), "front,left", 0);
    RecordedEvents events = new RecordedEvents(1);

    runner.run(request, events, running(request));

    Manifest manifest = new ManifestStore(store).read(events.manifestKey);
    Preprocess preprocess = manifest.preprocess();
    assertThat(preprocess.cropSize()).isEqualTo(512);
    assertThat(preprocess.pose()).isEqualTo(PoseMode.DRIVING);
    // The face is about a fifth of the 320-pixel-wide photograph.
    assertThat(preprocess.source().box()[2]).isBetween(40.0, 110.0);
    assertThat(preprocess.driving()).hasSize(2).allMatch(f -> f.found() && !f.followed());
    List<OutputFile> crops =
        manifest.files().stream().filter(f -> f.kind() == OutputFile.Kind.CROP).toList();
    assertThat(crops).extracting(OutputFile::view).containsExactly("source", "driving", "driving");
    // In the crop the face fills the paper's framing: found again, and far larger.
    FaceObservation cropped =
        SharedFaceAnalyzer.get()
            .scan(
                RgbImage.of(ImageIO.read(new ByteArrayInputStream(store.get(crops.get(0).key())))))
            .primary()
            .orElseThrow();
    assertThat(cropped.detection().box().width()).isGreaterThan(0.3 * 512);
    Quality quality = manifest.quality();
    assertThat(quality).isNotNull();
    assertThat(quality.view()).isEqualTo("front");
    assertThat(quality.identityPerFrame()).hasSize(2);
    assertThat(Arrays.stream(quality.identityPerFrame()).allMatch(c -> c >= -1 && c <= 1)).isTrue();
  }

  @Test
  void aJobCanceledWhileItsFramesAreWrittenStopsAndLeavesNoWriterRunning()
      throws InterruptedException {
    JobRequest request =
        StoredJobRequests.store(store, SampleJob.source().bytes(), 6, "front,left,right", 0);
    RecordedEvents events = new RecordedEvents(1);
    AttemptStop stop = canceledAtFirstProgress(request, events);

    assertThatThrownBy(() -> runner.run(request, events, stop))
        .isInstanceOf(JobCanceledException.class);

    assertThat(events.log).containsExactly("started 6", "progress 1");
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(
            t ->
                t.getName().startsWith("outputs-")
                    && t.getName().contains(request.jobId().toString()));
    List<String> storedAtReturn = store.list(JobKeys.outputPrefix(request.jobId()));
    assertThat(storedAtReturn).noneMatch(key -> key.endsWith("manifest.json"));
    // The worker deletes a canceled job's outputs once the run returns: nothing may land after.
    Thread.sleep(500);
    assertThat(store.list(JobKeys.outputPrefix(request.jobId())))
        .as("outputs stored after the canceled run returned")
        .containsExactlyInAnyOrderElementsOf(storedAtReturn);
  }

  @Test
  void jobsStoppedByTheirDeadlineAtAnyPointLeaveTheRunnerAbleToRunTheNextJob() {
    // From the downloads through the face front end and the source encoding to the first frames.
    for (long afterMs : new long[] {150, 400, 800, 1500, 2500}) {
      JobRequest request =
          StoredJobRequests.store(store, SampleJob.source().bytes(), 12, "front,left,right", 0);
      AttemptStop stop =
          new AttemptStop(
              request.jobId(),
              new CancellationRegistry(),
              () -> false,
              clock,
              clock.instant().plusSeconds(120),
              clock.instant().plusMillis(afterMs));

      assertThatThrownBy(() -> runner.run(request, new RecordedEvents(1), stop))
          .as("stopped %d ms in", afterMs)
          .isInstanceOf(JobCanceledException.class);
      assertThat(stop.reason()).contains(AttemptStop.Reason.DEADLINE);
    }
    JobRequest next = StoredJobRequests.store(store, SampleJob.source().bytes(), 2, "front", 0);
    RecordedEvents events = new RecordedEvents(1);

    runner.run(next, events, running(next));

    assertThat(events.log).containsExactly("started 2", "progress 1", "progress 2", "succeeded");
  }

  @Test
  void aJobAskingForAMeshStoresItAsGlbAndPlyOutputsListedInTheManifest() {
    JobRequest request =
        withMesh(StoredJobRequests.store(store, SampleJob.source().bytes(), 1, "front", 0));
    RecordedEvents events = new RecordedEvents(1);

    meshRunner().run(request, events, running(request));

    assertThat(events.log).containsExactly("started 1", "progress 1", "succeeded");
    Manifest manifest = new ManifestStore(store).read(events.manifestKey);
    List<OutputFile> meshes =
        manifest.files().stream().filter(f -> f.kind() == OutputFile.Kind.MESH).toList();
    assertThat(meshes).extracting(OutputFile::view).containsOnly("source");
    assertThat(meshes).extracting(OutputFile::frame).containsOnlyNulls();
    assertThat(meshes)
        .extracting(OutputFile::mediaType)
        .containsExactly("model/gltf-binary", "application/octet-stream");
    String prefix = events.manifestKey.replace("manifest.json", "");
    assertThat(meshes)
        .extracting(OutputFile::key)
        .containsExactly(prefix + "mesh/avatar.glb", prefix + "mesh/avatar.ply");
    byte[] glb = store.get(meshes.get(0).key());
    assertThat(glb).hasSize((int) meshes.get(0).size());
    assertThat(new String(glb, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("glTF");
    assertThat(new String(store.get(meshes.get(1).key()), 0, 4, StandardCharsets.US_ASCII))
        .isEqualTo("ply\n");
    assertThat(manifest.timings().get(JobStage.MESH.key())).isPositive();
  }

  @Test
  void aJobCanceledAfterItsLastFrameStoresNoMeshAndNoManifest() {
    JobRequest request =
        withMesh(StoredJobRequests.store(store, SampleJob.source().bytes(), 1, "front", 0));
    RecordedEvents events = new RecordedEvents(1);
    // The last frame's progress comes just before the mesh would be extracted.
    AttemptStop stop = canceledAtFirstProgress(request, events);

    assertThatThrownBy(() -> meshRunner().run(request, events, stop))
        .isInstanceOf(JobCanceledException.class);

    assertThat(events.log).containsExactly("started 1", "progress 1");
    assertThat(store.list(JobKeys.outputPrefix(request.jobId())))
        .noneMatch(key -> key.contains("/mesh/") || key.endsWith("manifest.json"));
  }

  /** A stop signal that cancels the job once {@code events} sees its first progress. */
  private AttemptStop canceledAtFirstProgress(JobRequest request, RecordedEvents events) {
    CancellationRegistry cancellations = new CancellationRegistry();
    events.onProgress = () -> cancellations.cancel(request.jobId());
    return new AttemptStop(
        request.jobId(), cancellations, () -> false, clock, clock.instant().plusSeconds(120));
  }

  /** A runner with a coarse mesh grid, to keep the tests quick. */
  private static JobRunner meshRunner() {
    StorageRetry retry =
        new StorageRetry(
            2,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), () -> 0.5),
            Sleeper.SYSTEM);
    return new JobRunner(
        models, SharedFaceAnalyzer.get(), store, retry, 4, 2, 48, Clock.systemUTC());
  }

  private static JobRequest withMesh(JobRequest r) {
    JobOptions o = r.options();
    JobOptions options =
        new JobOptions(
            o.views(),
            o.model(),
            o.resolution(),
            Set.of(OutputFormat.PNG, OutputFormat.MESH),
            o.fps());
    return new JobRequest(
        r.jobId(),
        r.tenant(),
        r.sourceKey(),
        r.drivingKeys(),
        options,
        r.acceptedAt(),
        r.attemptBase());
  }

  private AttemptStop running(JobRequest request) {
    return new AttemptStop(
        request.jobId(),
        new CancellationRegistry(),
        () -> false,
        clock,
        clock.instant().plusSeconds(120));
  }

  /** Records what the runner reports, in order. */
  private static final class RecordedEvents implements AttemptEvents {
    private final int attempt;
    private final List<String> log = new ArrayList<>();
    private String manifestKey;
    private ModelStamp model;
    private Runnable onProgress = () -> {};

    RecordedEvents(int attempt) {
      this.attempt = attempt;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void started(int framesTotal, ModelStamp model) {
      log.add("started " + framesTotal);
      this.model = model;
    }

    @Override
    public void progress(int framesDone) {
      log.add("progress " + framesDone);
      onProgress.run();
    }

    @Override
    public void succeeded(String manifestKey, ModelStamp model) {
      log.add("succeeded");
      this.manifestKey = manifestKey;
    }
  }
}
