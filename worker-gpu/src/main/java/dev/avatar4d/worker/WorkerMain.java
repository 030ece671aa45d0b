package dev.avatar4d.worker;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.FaceAnalyzerConfig;
import dev.avatar4d.protocol.DurationText;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StorageConfig;
import dev.avatar4d.worker.config.WorkerConfig;
import dev.avatar4d.worker.job.CancellationRegistry;
import dev.avatar4d.worker.job.JobRunner;
import dev.avatar4d.worker.job.SynthesizerPool;
import dev.avatar4d.worker.queue.ControlListener;
import dev.avatar4d.worker.queue.EventPublisher;
import dev.avatar4d.worker.queue.HeartbeatPublisher;
import dev.avatar4d.worker.queue.JobLoop;
import dev.avatar4d.worker.queue.ShareGroupSetup;
import dev.avatar4d.worker.retry.Backoff;
import dev.avatar4d.worker.retry.Sleeper;
import dev.avatar4d.worker.retry.StorageRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a worker: reads {@link WorkerConfig} and {@link StorageConfig} from the environment, loads
 * the default model preset (logging whether it runs on the GPU or the CPU), and runs the job loop
 * until the process is asked to stop. SIGTERM hands the current job back to the queue.
 */
public final class WorkerMain {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    WorkerConfig config;
    StorageConfig storageConfig;
    try {
      config = WorkerConfig.fromEnv(env);
      storageConfig = StorageConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      System.err.println("worker configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    CancellationRegistry cancellations = new CancellationRegistry();
    ObjectStore store = ObjectStore.connect(storageConfig);
    SynthesizerPool models = SynthesizerPool.forConfig(config);
    String device = models.get(JobOptions.DEFAULT_MODEL).modelInfo().device();
    ShareGroupSetup.readFromEarliest(config.kafkaBootstrap(), config.shareGroup());
    EventPublisher events = new EventPublisher(config.kafkaBootstrap(), config.workerId(), clock);
    ControlListener control = new ControlListener(config.kafkaBootstrap(), cancellations, clock);
    StorageRetry retry =
        new StorageRetry(
            config.storageRetries(),
            new Backoff(
                config.retryInitialBackoff(),
                config.retryMaxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble()),
            Sleeper.SYSTEM);
    FaceAnalyzer faces = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT);
    JobRunner runner =
        new JobRunner(
            models,
            faces,
            store,
            retry,
            config.viewsPerCall(),
            config.outputFramesInFlight(),
            config.meshGrid(),
            clock);
    JobLoop loop = new JobLoop(config, runner, events, cancellations, store, clock);
    LOG.info(
        "job timeout {}, up to {} deliveries per job, {} storage retries per step (backoff {}..{} ms), {} views per render call",
        DurationText.format(config.jobTimeout()),
        config.maxAttempts(),
        config.storageRetries(),
        config.retryInitialBackoff().toMillis(),
        config.retryMaxBackoff().toMillis(),
        config.viewsPerCall());

    Thread controlThread = new Thread(control, "control");
    controlThread.setDaemon(true);
    controlThread.start();
    HeartbeatPublisher heartbeats =
        new HeartbeatPublisher(config.kafkaBootstrap(), config.workerId(), device, clock);
    Thread heartbeatThread = new Thread(heartbeats, "heartbeat");
    heartbeatThread.setDaemon(true);
    heartbeatThread.start();
    Thread loopThread = new Thread(loop, "job-loop");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("worker {} stopping", config.workerId());
                  try {
                    loop.stop(SHUTDOWN_GRACE);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  heartbeats.close();
                  control.close();
                  events.close();
                  models.close();
                  faces.close();
                  store.close();
                }));
    loopThread.start();
    LOG.info("Avatar4D worker {} ready", config.workerId());
    loopThread.join();
  }
}
