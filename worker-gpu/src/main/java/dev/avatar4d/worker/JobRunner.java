package dev.avatar4d.worker;

import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectNotFoundException;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StoredObject;
import dev.avatar4d.synthesizer.AvatarSynthesizer;
import dev.avatar4d.synthesizer.ModelInfo;
import dev.avatar4d.synthesizer.MotionCode;
import dev.avatar4d.synthesizer.RenderedView;
import dev.avatar4d.synthesizer.SourceFeatures;
import dev.avatar4d.synthesizer.Triplanes;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.worker.output.DepthMaps;
import dev.avatar4d.worker.output.Images;
import dev.avatar4d.worker.output.Mp4Encoder;
import dev.avatar4d.worker.queue.AttemptReporter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one job: fetches the inputs, encodes the source once, computes triplanes
 * once per driving frame, renders every requested view from them in one batched call, and stores
 * frames, depth maps, videos and finally the manifest. The manifest is written last, so a job
 * whose manifest exists has all its outputs.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** Half the triplane box edge (box_warp 1.3 / 2): depth is clamped to radius ± this. */
  private static final float BOX_HALF = 0.65f;

  private final SynthesizerPool models;
  private final ObjectStore store;
  private final Clock clock;

  public JobRunner(SynthesizerPool models, ObjectStore store, Clock clock) {
    this.models = models;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Runs {@code request}, reporting through {@code reporter}; {@code canceled} is polled between
   * render steps. Publishes SUCCEEDED once the manifest is stored.
   *
   * @throws JobFailure when the attempt cannot finish
   * @throws JobCanceledException when {@code canceled} turned true
   */
  public void run(JobRequest request, AttemptReporter reporter, BooleanSupplier canceled) {
    var options = request.options();
    BufferedImage source = readImage(request.sourceKey(), "source");
    List<String> drivingKeys = request.drivingKeys();
    AvatarSynthesizer model = loadModel(options.model());
    ModelInfo info = model.modelInfo();
    ModelStamp stamp = new ModelStamp(info.preset(), info.weightsSha256(), info.trained(), info.device());
    reporter.started(drivingKeys.size(), stamp);

    List<ViewSpec> views = options.views();
    List<Camera> cameras = new ArrayList<>(views.size());
    for (ViewSpec v : views) {
      cameras.add(Cameras.orbit((float) v.yawDeg(), (float) v.pitchDeg(), (float) v.radius(), (float) v.fovDeg()));
    }
    Map<String, List<BufferedImage>> videoFrames = new LinkedHashMap<>();
    views.forEach(v -> videoFrames.put(v.name(), new ArrayList<>()));
    List<OutputFile> files = new ArrayList<>();
    Map<String, float[]> depthRange = new HashMap<>();
    boolean png = options.formats().contains(OutputFormat.PNG);
    boolean depth = options.formats().contains(OutputFormat.DEPTH);
    boolean mp4 = options.formats().contains(OutputFormat.MP4);

    try (SourceFeatures features = model.encodeSource(source)) {
      for (int f = 0; f < drivingKeys.size(); f++) {
        throwIfCanceled(request, canceled);
        BufferedImage driving = readImage(drivingKeys.get(f), "driving[" + f + "]");
        List<RenderedView> rendered;
        try (MotionCode motion = model.encodeMotion(driving);
            Triplanes planes = model.triplanes(features, motion)) {
          throwIfCanceled(request, canceled);
          rendered = model.render(features, planes, cameras);
        }
        for (int v = 0; v < views.size(); v++) {
          ViewSpec view = views.get(v);
          RenderedView out = rendered.get(v);
          BufferedImage rgb = Images.resize(out.rgb(), options.resolution());
          if (png) {
            files.add(frameFile(store.put(JobKeys.frame(request.jobId(), view.name(), f), Images.png(rgb), "image/png"), view, f, OutputFile.Kind.FRAME));
          }
          if (depth) {
            float near = (float) view.radius() - BOX_HALF;
            float far = (float) view.radius() + BOX_HALF;
            depthRange.put(view.name(), new float[] {near, far});
            BufferedImage d = DepthMaps.toImage(out.depth(), out.renderResolution(), options.resolution(), near, far);
            files.add(frameFile(store.put(JobKeys.depth(request.jobId(), view.name(), f), Images.png(d), "image/png"), view, f, OutputFile.Kind.DEPTH));
          }
          if (mp4) {
            videoFrames.get(view.name()).add(rgb);
          }
        }
        reporter.progress(f + 1);
      }
    }
    if (mp4) {
      for (ViewSpec view : views) {
        throwIfCanceled(request, canceled);
        byte[] video = Mp4Encoder.encode(videoFrames.get(view.name()), options.fps());
        files.add(frameFile(store.put(JobKeys.video(request.jobId(), view.name()), video, "video/mp4"), view, null, OutputFile.Kind.VIDEO));
      }
    }
    Manifest manifest =
        new Manifest(request.jobId(), reporter.attempt(), stamp, views, drivingKeys.size(), options.resolution(), depthRange, files, clock.instant());
    StoredObject written = new ManifestStore(store).write(manifest);
    LOG.info("job {} attempt {} stored {} outputs", request.jobId(), reporter.attempt(), files.size());
    reporter.succeeded(written.key(), stamp);
  }

  private AvatarSynthesizer loadModel(String preset) {
    try {
      return models.get(preset);
    } catch (IllegalArgumentException e) {
      throw JobFailure.permanent("model preset '" + preset + "' cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static OutputFile frameFile(StoredObject o, ViewSpec view, Integer frame, OutputFile.Kind kind) {
    return new OutputFile(o.key(), view.name(), frame, kind, o.mediaType(), o.size(), o.sha256());
  }

  private static void throwIfCanceled(JobRequest request, BooleanSupplier canceled) {
    if (canceled.getAsBoolean()) {
      throw new JobCanceledException(request.jobId());
    }
  }

  private BufferedImage readImage(String key, String field) {
    byte[] bytes;
    try {
      bytes = store.get(key);
    } catch (ObjectNotFoundException e) {
      throw JobFailure.permanent("input " + field + " is missing from the object store (" + key + ")", e);
    } catch (RuntimeException e) {
      throw JobFailure.transientFault("object store unavailable while reading " + field + ": " + e.getMessage(), e);
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw JobFailure.permanent("input " + field + " is not a decodable image", null);
      }
      return image;
    } catch (IOException e) {
      throw JobFailure.permanent("input " + field + " cannot be decoded: " + e.getMessage(), e);
    }
  }
}
