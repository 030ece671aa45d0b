package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.JobStage;
import dev.avatar4d.synthesizer.AvatarSynthesizer;
import dev.avatar4d.synthesizer.RenderedView;
import dev.avatar4d.synthesizer.SourceFeatures;
import dev.avatar4d.synthesizer.Triplanes;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.worker.retry.Fault;
import dev.avatar4d.worker.retry.JobFailure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a frame's views in batches of {@link #viewsPerCall()} cameras per synthesizer call. When
 * the device runs out of memory, the failed batch is rendered again with half as many views per
 * call, down to one; the smaller batch is kept for the rest of the job. Between batches it runs the
 * job's checkpoint, so a cancel is noticed between views, not only between frames. One instance per
 * job attempt; not thread-safe.
 */
public final class BatchedViewRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedViewRenderer.class);

  private final AvatarSynthesizer model;
  private final Runnable checkpoint;
  private final StageTimer timer;
  private int viewsPerCall;

  /**
   * @param viewsPerCall cameras per synthesizer call to start with, at least 1
   * @param checkpoint run before every call; throws to stop the job
   * @param timer where the render time goes ({@link JobStage#RENDER})
   */
  BatchedViewRenderer(
      AvatarSynthesizer model, int viewsPerCall, Runnable checkpoint, StageTimer timer) {
    if (viewsPerCall < 1) {
      throw new IllegalArgumentException("viewsPerCall must be >= 1, got " + viewsPerCall);
    }
    this.model = model;
    this.viewsPerCall = viewsPerCall;
    this.checkpoint = checkpoint;
    this.timer = timer;
  }

  /** Views per synthesizer call now: the starting value, or less after running out of memory. */
  public int viewsPerCall() {
    return viewsPerCall;
  }

  /**
   * One rendered view per camera, in camera order.
   *
   * @throws JobFailure (retryable) when even one view per call runs out of memory
   */
  public List<RenderedView> render(SourceFeatures source, Triplanes planes, List<Camera> cameras) {
    List<RenderedView> out = new ArrayList<>(cameras.size());
    int next = 0;
    while (next < cameras.size()) {
      checkpoint.run();
      List<Camera> batch = cameras.subList(next, Math.min(cameras.size(), next + viewsPerCall));
      try {
        out.addAll(timer.time(JobStage.RENDER, () -> model.render(source, planes, batch)));
        next += batch.size();
      } catch (RuntimeException | OutOfMemoryError e) {
        if (!Fault.isOutOfMemory(e)) {
          throw e;
        }
        if (viewsPerCall == 1) {
          throw JobFailure.transientFault(
              "device out of memory even with one view per render call: " + e.getMessage(), e);
        }
        int smaller = Math.max(1, viewsPerCall / 2);
        LOG.warn(
            "out of memory rendering {} views per call; retrying with {}: {}",
            viewsPerCall,
            smaller,
            e.getMessage());
        viewsPerCall = smaller;
      }
    }
    return out;
  }
}
