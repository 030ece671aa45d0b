package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.ProgressView;
import dev.avatar4d.gateway.queue.QueueEstimator;
import dev.avatar4d.gateway.queue.QueueView;
import dev.avatar4d.protocol.JobState;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Builds {@link JobView}s from job rows, reading the manifest and presigning URLs where due. */
@ApplicationScoped
public class JobViews {
  /** Shown with outputs of a model whose weights are not trained. */
  public static final String UNTRAINED_NOTICE =
      "rendered with untrained (random) weights: the outputs show the pipeline working, not a likeness";

  private static final Logger LOG = Logger.getLogger(JobViews.class);

  private final ObjectStores stores;
  private final Clock clock;
  private final Duration presignTtl;
  private final QueueEstimator queue;

  JobViews(ObjectStores stores, Clock clock, GatewayConfig config, QueueEstimator queue) {
    this.stores = stores;
    this.clock = clock;
    this.presignTtl = config.api().presignTtl();
    this.queue = queue;
  }

  /** The resource without the manifest (for listings). */
  public JobView summary(JobRow job) {
    return view(job, null, null);
  }

  /**
   * The full resource: with the manifest and download URLs once the job SUCCEEDED, until retention
   * deletes its outputs, and with its place in the queue while it is QUEUED.
   */
  public JobView detail(JobRow job) {
    boolean outputsExist = job.state() == JobState.SUCCEEDED && job.outputsDeletedAt() == null;
    return view(
        job, outputsExist ? manifest(job) : null, queue.of(job.id(), job.state(), job.createdAt()));
  }

  /** The path of a job resource. */
  public static String path(JobRow job) {
    return "/v1/jobs/" + job.id();
  }

  private JobView view(JobRow job, ManifestView manifest, QueueView place) {
    boolean untrained = job.model() != null && !job.model().trained();
    return new JobView(
        job.id(),
        job.state(),
        job.createdAt(),
        job.startedAt(),
        job.finishedAt(),
        job.updatedAt(),
        progress(job),
        OptionsView.of(job.options()),
        job.model(),
        untrained ? UNTRAINED_NOTICE : null,
        job.error(),
        job.errorCode(),
        job.workerId(),
        job.attempt(),
        manifest,
        job.outputsDeletedAt(),
        job.cancelAt(),
        job.startBy(),
        place,
        new JobView.LinksView(path(job), path(job) + "/cancel"));
  }

  private static ProgressView progress(JobRow job) {
    if (job.state() == JobState.SUCCEEDED) {
      return new ProgressView(job.framesTotal(), job.framesTotal(), 1.0);
    }
    double fraction = job.framesTotal() == 0 ? 0 : (double) job.framesDone() / job.framesTotal();
    return new ProgressView(job.framesDone(), job.framesTotal(), fraction);
  }

  private ManifestView manifest(JobRow job) {
    if (job.manifestKey() == null) {
      LOG.warnf("job %s: SUCCEEDED without a manifest key", job.id());
      return null;
    }
    try {
      ObjectStore store = stores.store();
      // The key the succeeding attempt reported: a later attempt's outputs never show here.
      Manifest m = new ManifestStore(store).read(job.manifestKey());
      Instant expires = clock.instant().plus(presignTtl);
      List<OutputFileView> files =
          m.files().stream()
              .map(f -> OutputFileView.of(f, store.presignedGet(f.key(), presignTtl)))
              .toList();
      return new ManifestView(
          m.attempt(),
          m.model(),
          m.views().stream().map(ViewView::of).toList(),
          m.frames(),
          m.resolution(),
          m.depthRange(),
          files,
          m.finishedAt(),
          expires,
          m.timings().isEmpty() ? null : m.timings(),
          m.preprocess(),
          m.quality());
    } catch (StorageException e) {
      // The job row stays readable even when its outputs are not.
      LOG.warnf("job %s: manifest unavailable: %s", job.id(), e.getMessage());
      return null;
    }
  }
}
