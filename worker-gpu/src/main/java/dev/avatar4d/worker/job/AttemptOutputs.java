package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobStage;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StoredObject;
import dev.avatar4d.synthesizer.RenderedView;
import dev.avatar4d.synthesizer.mesh.GlbWriter;
import dev.avatar4d.synthesizer.mesh.Mesh;
import dev.avatar4d.synthesizer.mesh.PlyWriter;
import dev.avatar4d.worker.faces.PreparedInputs;
import dev.avatar4d.worker.output.DepthMaps;
import dev.avatar4d.worker.output.Images;
import dev.avatar4d.worker.output.Mp4Encoder;
import dev.avatar4d.worker.retry.StorageRetry;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Encodes and stores the outputs of one run of an attempt under that run's own prefix ({@link
 * AttemptKeys}: {@code jobs/{id}/output/attempt-{n}-{run}/}), each put retried by {@link
 * StorageRetry}, and remembers what it stored for the manifest. The job's checkpoint runs before
 * every view's outputs and between video frames, so a cancel does not wait for a whole frame's or
 * video's encoding.
 *
 * <p>With {@code framesInFlight} &gt; 0 a writer thread of its own encodes and stores each frame
 * while the job thread renders the next: at most that many frames wait or are written at once, so
 * memory stays flat, and frames are written in order, so the videos are too. A writer failure
 * (storage given up, a cancel) is thrown on the job thread by its next call. {@link
 * #finishVideos()} waits for every frame first, which keeps the manifest last. With 0 every frame
 * is written on the job thread, between renders.
 */
final class AttemptOutputs implements AutoCloseable {
  /** How long the job thread waits on the writer between two checks of its stop signal. */
  private static final long WAIT_SLICE_MS = 100;

  /** How long {@link #close()} lets a write in progress finish before it interrupts it. */
  private static final long DRAIN_S = 5;

  /** glTF binary's registered media type. */
  private static final String GLB = "model/gltf-binary";

  /** PLY has no registered media type. */
  private static final String PLY = "application/octet-stream";

  /** Half the triplane box edge (box_warp 1.3 / 2): depth is clamped to radius ± this. */
  private static final float BOX_HALF = 0.65f;

  private final ObjectStore store;
  private final StorageRetry retry;
  private final AttemptStop stop;
  private final AttemptKeys keys;
  private final JobOptions options;
  private final StageTimer timer;
  private final boolean png;
  private final boolean depth;
  private final boolean mp4;
  private final Map<String, List<BufferedImage>> videoFrames = new LinkedHashMap<>();
  private final List<OutputFile> files = new ArrayList<>();
  private final Map<String, float[]> depthRange = new HashMap<>();
  private final int framesInFlight;
  private final ExecutorService writer;
  private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
  private volatile Thread writerThread;

  /**
   * @param framesInFlight frames encoded and stored beside the render (0: on the job thread)
   */
  AttemptOutputs(
      ObjectStore store,
      StorageRetry retry,
      AttemptStop stop,
      AttemptKeys keys,
      JobOptions options,
      StageTimer timer,
      int framesInFlight) {
    this.store = store;
    this.retry = retry;
    this.stop = stop;
    this.keys = keys;
    this.options = options;
    this.timer = timer;
    this.png = options.formats().contains(OutputFormat.PNG);
    this.depth = options.formats().contains(OutputFormat.DEPTH);
    this.mp4 = options.formats().contains(OutputFormat.MP4);
    options.views().forEach(v -> videoFrames.put(v.name(), new ArrayList<>()));
    this.framesInFlight = framesInFlight;
    this.writer =
        framesInFlight == 0
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "outputs-" + keys.prefix());
                  t.setDaemon(true);
                  writerThread = t;
                  return t;
                });
  }

  /** Stores frame {@code f} of every view ({@code rendered} in view order). */
  void addFrame(int f, List<RenderedView> rendered) {
    write(() -> writeFrame(f, rendered));
  }

  /**
   * Stores the aligned crops the network was given, as views {@code source} and {@code driving} of
   * kind {@link OutputFile.Kind#CROP}, so that a user sees what the network saw.
   */
  void addCrops(PreparedInputs inputs) {
    write(() -> writeCrops(inputs));
  }

  /**
   * Stores the head's surface as {@code mesh/avatar.glb} and {@code mesh/avatar.ply}, kind {@link
   * OutputFile.Kind#MESH}, view {@code source}. Both are encoded in memory first, and each put
   * stores a whole object or none.
   */
  void addMesh(Mesh mesh) {
    write(() -> writeMesh(mesh));
  }

  /** Runs {@code work} on the writer, after waiting for a free slot, or here without one. */
  private void write(Runnable work) {
    if (writer == null) {
      work.run();
      return;
    }
    awaitPending(framesInFlight - 1);
    pending.add(writer.submit(work));
  }

  /** Waits until at most {@code most} writes are pending, rethrowing a failed write's error. */
  private void awaitPending(int most) {
    while (pending.size() > most) {
      Future<?> oldest = pending.peek();
      try {
        oldest.get(WAIT_SLICE_MS, TimeUnit.MILLISECONDS);
        pending.remove();
      } catch (TimeoutException e) {
        stop.throwIfRequested();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException("writing outputs failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while outputs were written");
      }
    }
  }

  private void writeFrame(int f, List<RenderedView> rendered) {
    List<ViewSpec> views = options.views();
    for (int v = 0; v < views.size(); v++) {
      stop.throwIfRequested();
      ViewSpec view = views.get(v);
      RenderedView out = rendered.get(v);
      BufferedImage rgb =
          timer.time(
              JobStage.OUTPUT_ENCODING, () -> Images.resize(out.rgb(), options.resolution()));
      if (png) {
        byte[] bytes = timer.time(JobStage.OUTPUT_ENCODING, () -> Images.png(rgb));
        String key = keys.frame(view.name(), f);
        files.add(
            file(put("storing " + key, key, bytes, "image/png"), view, f, OutputFile.Kind.FRAME));
      }
      if (depth) {
        float near = (float) view.radius() - BOX_HALF;
        float far = (float) view.radius() + BOX_HALF;
        depthRange.put(view.name(), new float[] {near, far});
        byte[] d =
            timer.time(
                JobStage.OUTPUT_ENCODING,
                () ->
                    Images.png(
                        DepthMaps.toImage(
                            out.depth(), out.renderResolution(), options.resolution(), near, far)));
        String key = keys.depth(view.name(), f);
        files.add(file(put("storing " + key, key, d, "image/png"), view, f, OutputFile.Kind.DEPTH));
      }
      if (mp4) {
        videoFrames.get(view.name()).add(rgb);
      }
    }
  }

  private void writeCrops(PreparedInputs inputs) {
    storeCrop(keys.sourceCrop(), inputs.source().crop(), "source", null);
    for (int f = 0; f < inputs.driving().size(); f++) {
      stop.throwIfRequested();
      storeCrop(keys.drivingCrop(f), inputs.driving().get(f).crop(), "driving", f);
    }
  }

  private void writeMesh(Mesh mesh) {
    byte[] glb = timer.time(JobStage.OUTPUT_ENCODING, () -> GlbWriter.toBytes(mesh));
    byte[] ply = timer.time(JobStage.OUTPUT_ENCODING, () -> PlyWriter.toBytes(mesh));
    storeMesh(keys.mesh("glb"), glb, GLB);
    storeMesh(keys.mesh("ply"), ply, PLY);
  }

  private void storeMesh(String key, byte[] bytes, String mediaType) {
    stop.throwIfRequested();
    StoredObject o = put("storing " + key, key, bytes, mediaType);
    files.add(
        new OutputFile(
            o.key(), "source", null, OutputFile.Kind.MESH, o.mediaType(), o.size(), o.sha256()));
  }

  private void storeCrop(String key, BufferedImage crop, String role, Integer frame) {
    byte[] bytes = timer.time(JobStage.OUTPUT_ENCODING, () -> Images.png(crop));
    StoredObject o = put("storing " + key, key, bytes, "image/png");
    files.add(
        new OutputFile(
            o.key(), role, frame, OutputFile.Kind.CROP, o.mediaType(), o.size(), o.sha256()));
  }

  /**
   * Waits for every frame, then encodes and stores one video per view when the job asked for MP4.
   */
  void finishVideos() {
    awaitPending(0);
    if (!mp4) {
      return;
    }
    for (ViewSpec view : options.views()) {
      stop.throwIfRequested();
      byte[] video =
          timer.time(
              JobStage.OUTPUT_ENCODING,
              () ->
                  Mp4Encoder.encode(
                      videoFrames.get(view.name()), options.fps(), stop::throwIfRequested));
      String key = keys.video(view.name());
      files.add(
          file(put("storing " + key, key, video, "video/mp4"), view, null, OutputFile.Kind.VIDEO));
    }
  }

  /** What was stored; call after {@link #finishVideos()}. */
  List<OutputFile> files() {
    return files;
  }

  /** The depth range of each view; call after {@link #finishVideos()}. */
  Map<String, float[]> depthRange() {
    return depthRange;
  }

  /**
   * Stops the writer: drops the writes not started and waits for the one in progress to finish.
   * That write is not interrupted: an interrupted put can still land on the S3 server after the
   * worker has deleted a canceled job's outputs (CancellationLatencyTest once found a depth map
   * left behind that way), and a write checks the stop signal before every view, so it is short.
   * Only a write still running after {@link #DRAIN_S} seconds (storage hanging) is interrupted.
   */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    pending.forEach(write -> write.cancel(false));
    writer.shutdown();
    try {
      boolean stopped = writer.awaitTermination(DRAIN_S, TimeUnit.SECONDS);
      if (!stopped) {
        writer.shutdownNow();
        stopped = writer.awaitTermination(DRAIN_S, TimeUnit.SECONDS);
      }
      Thread thread = writerThread;
      if (thread != null) {
        thread.join(TimeUnit.SECONDS.toMillis(DRAIN_S));
        stopped &= !thread.isAlive();
      }
      if (!stopped) {
        throw new IllegalStateException(
            "the output writer did not stop within " + 2 * DRAIN_S + " s");
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private StoredObject put(String step, String key, byte[] bytes, String mediaType) {
    return timer.time(
        JobStage.UPLOAD, () -> retry.call(step, () -> store.put(key, bytes, mediaType), stop));
  }

  private static OutputFile file(
      StoredObject o, ViewSpec view, Integer frame, OutputFile.Kind kind) {
    return new OutputFile(o.key(), view.name(), frame, kind, o.mediaType(), o.size(), o.sha256());
  }
}
