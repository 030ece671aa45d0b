package dev.avatar4d.bench;

import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.FaceAnalyzerConfig;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.JobStage;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.storage.EmbeddedS3Server;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.worker.job.AttemptEvents;
import dev.avatar4d.worker.job.AttemptStop;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A worker's time on the demo job (6 driving frames × 5 orbit views, 256², PNG + depth + MP4), run
 * by the worker's own {@code JobRunner} against an in-process S3 server with the shipped lite
 * weights, with the outputs written between renders ({@code framesInFlight} 0) and beside them (2),
 * alternating, in one JVM. Prints per variant the median wall time, the per-stage times of that
 * run, the model's share of the wall time and the ratio of the two variants. Never passes or fails
 * on time.
 *
 * <p>Arguments: {@code rounds} (default 3). Run it as {@link SynthesizerBench} is (bench/README).
 */
public final class WorkerJobBench {

  private static final Set<JobStage> MODEL =
      EnumSet.of(JobStage.SOURCE_ENCODING, JobStage.MOTION, JobStage.TRIPLANES, JobStage.RENDER);

  private WorkerJobBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path root = Path.of(System.getProperty("avatar4d.root", ".")).toAbsolutePath().normalize();
    Path weights = root.resolve("models/lite.safetensors");
    Path dir = Files.createTempDirectory("avatar4d-worker-bench");
    try (EmbeddedS3Server s3 = EmbeddedS3Server.start(dir, 0, "bench", "bench-secret-key");
        ObjectStore store = ObjectStore.connect(s3.config("avatar4d"));
        SynthesizerPool models =
            new SynthesizerPool(
                p ->
                    Portrait4DSynthesizer.open(
                        new SynthesizerConfig(p, Optional.of(weights), 42, "cpu")));
        FaceAnalyzer faces = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT)) {
      StorageRetry retry =
          new StorageRetry(
              3,
              new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 0.5),
              Sleeper.SYSTEM);
      int[] variants = {0, 2};
      Map<Integer, List<Run>> runs = new LinkedHashMap<>();
      for (int v : variants) {
        runs.put(v, new ArrayList<>());
      }
      // One untimed warm-up (model load, JIT), then alternating timed runs.
      run(store, models, faces, retry, 2);
      for (int r = 0; r < rounds; r++) {
        for (int v : variants) {
          runs.get(v).add(run(store, models, faces, retry, v));
        }
      }
      System.out.printf(
          "demo job (6 frames x 5 views, 256 px, png+depth+mp4), %d rounds, OMP_NUM_THREADS=%s%n",
          rounds, System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
      Map<Integer, Double> medians = new LinkedHashMap<>();
      for (int v : variants) {
        List<Run> list = new ArrayList<>(runs.get(v));
        list.sort((a, b) -> Double.compare(a.wallMs, b.wallMs));
        Run median = list.get(list.size() / 2);
        medians.put(v, median.wallMs);
        long model = 0;
        for (JobStage s : MODEL) {
          model += median.timings.get(s.key());
        }
        System.out.printf(
            "frames in flight %d: wall median %.0f ms (all %s); model %.0f%% of wall, the rest"
                + " %.0f%%; stages of the median run (ms) %s%n",
            v,
            median.wallMs,
            runs.get(v).stream().map(x -> String.format("%.0f", x.wallMs)).toList(),
            100.0 * model / median.wallMs,
            100.0 - 100.0 * model / median.wallMs,
            median.timings);
      }
      System.out.printf(
          "writing beside the render: %.2fx the wall time of writing between renders%n",
          medians.get(2) / medians.get(0));
    }
  }

  private record Run(double wallMs, Map<String, Long> timings) {}

  private static Run run(
      ObjectStore store,
      SynthesizerPool models,
      FaceAnalyzer faces,
      StorageRetry retry,
      int framesInFlight) {
    JobRunner runner =
        new JobRunner(models, faces, store, retry, 1, framesInFlight, Clock.systemUTC());
    JobRequest request = demoJob(store);
    String[] manifestKey = new String[1];
    AttemptEvents events =
        new AttemptEvents() {
          @Override
          public int attempt() {
            return 1;
          }

          @Override
          public void started(int framesTotal, ModelStamp model) {}

          @Override
          public void progress(int framesDone) {}

          @Override
          public void succeeded(String key, ModelStamp model) {
            manifestKey[0] = key;
          }
        };
    AttemptStop stop =
        new AttemptStop(
            request.jobId(),
            new CancellationRegistry(),
            () -> false,
            Clock.systemUTC(),
            Instant.now().plus(Duration.ofMinutes(30)));
    long t0 = System.nanoTime();
    runner.run(request, events, stop);
    double wall = (System.nanoTime() - t0) / 1e6;
    Manifest manifest = new ManifestStore(store).read(manifestKey[0]);
    return new Run(wall, manifest.timings());
  }

  private static JobRequest demoJob(ObjectStore store) {
    UUID id = UUID.randomUUID();
    String source =
        store.put(JobKeys.source(id, "png"), SampleJob.source().bytes(), "image/png").key();
    List<String> driving = new ArrayList<>();
    List<JobClient.Upload> frames = SampleJob.driving(SampleJob.DRIVING_FRAMES);
    for (int i = 0; i < frames.size(); i++) {
      driving.add(
          store.put(JobKeys.driving(id, i, "png"), frames.get(i).bytes(), "image/png").key());
    }
    JobOptions options =
        new JobOptions(
            ViewPresets.expand("orbit:5", "views"),
            "lite",
            256,
            EnumSet.of(OutputFormat.PNG, OutputFormat.DEPTH, OutputFormat.MP4),
            6);
    return new JobRequest(id, "bench", source, driving, options, Instant.now(), 0);
  }
}
