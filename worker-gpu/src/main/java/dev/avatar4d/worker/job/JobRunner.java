package dev.avatar4d.worker.job;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.detect.DetectorConfig;
import dev.avatar4d.protocol.FaceFrame;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.JobStage;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.AttemptKeys;
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
import dev.avatar4d.synthesizer.mesh.Mesh;
import dev.avatar4d.worker.config.WorkerConfig;
import dev.avatar4d.worker.faces.FacePreparer;
import dev.avatar4d.worker.faces.PoseCameras;
import dev.avatar4d.worker.faces.PreparedFrame;
import dev.avatar4d.worker.faces.PreparedInputs;
import dev.avatar4d.worker.faces.QualityScorer;
import dev.avatar4d.worker.retry.JobFailure;
import dev.avatar4d.worker.retry.StorageRetry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one job: fetches the inputs, finds, aligns and poses their faces ({@link
 * FacePreparer}; a source without a face fails here, before the model is loaded), encodes the
 * source crop once, computes triplanes once per driving frame, renders the requested views from
 * them in batches of at most {@link WorkerConfig#viewsPerCall()} ({@link BatchedViewRenderer}),
 * extracts the source's head surface when the job asks for a mesh, and stores frames, depth maps,
 * videos, the mesh and finally the manifest, all under the prefix of this run ({@link AttemptKeys}:
 * the attempt number and a run id drawn here, since Kafka may hand out the same attempt number
 * twice). The manifest is written last, so a run whose manifest exists has all its outputs. The
 * stop signal is checked between input downloads, between the face front end's frames, between
 * frames, between view batches, before every view's outputs and between video frames.
 */
public final class JobRunner implements AttemptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /**
   * Driving frames are detected at 320² instead of the source's 416²: three times faster (about 30
   * ms against 100 ms on two cores) at a small cost in recall for small faces.
   */
  static final DetectorConfig DRIVING_DETECTOR = DetectorConfig.DEFAULT.withInputSize(320);

  private final SynthesizerPool models;
  private final FaceAnalyzer faces;
  private final FacePreparer preparer;
  private final ObjectStore store;
  private final StorageRetry retry;
  private final int viewsPerCall;
  private final int framesInFlight;
  private final int meshGrid;
  private final Clock clock;

  /** A runner whose meshes use {@link WorkerConfig#DEFAULT_MESH_GRID}. */
  public JobRunner(
      SynthesizerPool models,
      FaceAnalyzer faces,
      ObjectStore store,
      StorageRetry retry,
      int viewsPerCall,
      int framesInFlight,
      Clock clock) {
    this(
        models,
        faces,
        store,
        retry,
        viewsPerCall,
        framesInFlight,
        WorkerConfig.DEFAULT_MESH_GRID,
        clock);
  }

  /**
   * @param viewsPerCall most views per synthesizer call at the start of a job ({@link
   *     WorkerConfig#viewsPerCall()})
   * @param framesInFlight frames encoded and stored while the next is rendered ({@link
   *     WorkerConfig#outputFramesInFlight()}; 0 writes each frame between renders)
   * @param meshGrid density samples per axis of a mesh ({@link WorkerConfig#meshGrid()})
   */
  public JobRunner(
      SynthesizerPool models,
      FaceAnalyzer faces,
      ObjectStore store,
      StorageRetry retry,
      int viewsPerCall,
      int framesInFlight,
      int meshGrid,
      Clock clock) {
    this.models = models;
    this.faces = faces;
    this.preparer = new FacePreparer(faces, DRIVING_DETECTOR);
    this.store = store;
    this.retry = retry;
    this.viewsPerCall = viewsPerCall;
    this.framesInFlight = framesInFlight;
    this.meshGrid = meshGrid;
    this.clock = clock;
  }

  /**
   * Runs {@code request} as attempt {@link AttemptEvents#attempt()}, reporting through {@code
   * reporter}. Publishes SUCCEEDED, with the attempt's manifest key, once the manifest is stored.
   *
   * @throws JobFailure when the attempt cannot finish
   * @throws JobCanceledException when {@code stop} turned true
   */
  @Override
  public void run(JobRequest request, AttemptEvents reporter, AttemptStop stop) {
    var options = request.options();
    int attempt = reporter.attempt();
    StageTimer timer = new StageTimer(System::nanoTime);
    BufferedImage source =
        timer.time(JobStage.DOWNLOAD, () -> readImage(request.sourceKey(), "source", stop));
    List<String> drivingKeys = request.drivingKeys();
    List<BufferedImage> driving = new ArrayList<>(drivingKeys.size());
    for (int f = 0; f < drivingKeys.size(); f++) {
      stop.throwIfRequested();
      String key = drivingKeys.get(f);
      String field = "driving[" + f + "]";
      driving.add(timer.time(JobStage.DOWNLOAD, () -> readImage(key, field, stop)));
    }
    PreparedInputs inputs =
        timer.time(
            JobStage.FACE_ANALYSIS,
            () -> preparer.prepare(source, driving, options.pose(), stop::throwIfRequested));
    AvatarSynthesizer model = timer.time(JobStage.MODEL_LOAD, () -> loadModel(options.model()));
    ModelInfo info = model.modelInfo();
    ModelStamp stamp =
        new ModelStamp(info.preset(), info.weightsSha256(), info.trained(), info.device());
    reporter.started(drivingKeys.size(), stamp);

    List<ViewSpec> views = options.views();
    List<Camera> cameras = new ArrayList<>(views.size());
    for (ViewSpec v : views) {
      cameras.add(ViewCameras.of(v));
    }
    int scored = mostFrontal(views);
    BatchedViewRenderer renderer =
        new BatchedViewRenderer(
            model, Math.min(viewsPerCall, views.size()), stop::throwIfRequested, timer);
    AttemptKeys keys = AttemptKeys.newRun(request.jobId(), attempt);
    LOG.info("job {} attempt {} writes under {}", request.jobId(), attempt, keys.prefix());
    try (AttemptOutputs outputs =
        new AttemptOutputs(store, retry, stop, keys, options, timer, framesInFlight)) {
      outputs.addCrops(inputs);
      QualityScorer quality =
          timer.time(
              JobStage.FACE_ANALYSIS,
              () -> new QualityScorer(faces, inputs.source().crop(), inputs.record().source()));

      stop.throwIfRequested();
      PreparedFrame src = inputs.source();
      try (SourceFeatures features =
          timer.time(
              JobStage.SOURCE_ENCODING, () -> model.encodeSource(src.crop(), src.motionPoints()))) {
        for (int f = 0; f < driving.size(); f++) {
          stop.throwIfRequested();
          PreparedFrame frame = inputs.driving().get(f);
          List<Camera> posed =
              PoseCameras.posed(
                  cameras, PoseCameras.headRotation(options.pose(), src.pose(), frame.pose()));
          List<RenderedView> rendered;
          try (MotionCode motion =
                  timer.time(
                      JobStage.MOTION,
                      () -> model.encodeMotion(frame.crop(), frame.motionPoints()));
              Triplanes planes =
                  timer.time(JobStage.TRIPLANES, () -> model.triplanes(features, motion))) {
            rendered = renderer.render(features, planes, posed);
          }
          FaceFrame record = inputs.record().driving().get(f);
          BufferedImage scoredView = rendered.get(scored).rgb();
          timer.time(JobStage.FACE_ANALYSIS, () -> quality.add(scoredView, record));
          outputs.addFrame(f, rendered);
          reporter.progress(f + 1);
        }
        if (options.formats().contains(OutputFormat.MESH)) {
          stop.throwIfRequested();
          Mesh mesh = timer.time(JobStage.MESH, () -> sourceMesh(model, features, stop));
          LOG.info(
              "job {} mesh: {} vertices, {} triangles from a {}³ grid in {} ms",
              request.jobId(),
              mesh.vertexCount(),
              mesh.triangleCount(),
              meshGrid,
              timer.millis().get(JobStage.MESH.key()));
          outputs.addMesh(mesh);
        }
      }
      outputs.finishVideos();
      stop.throwIfRequested();
      Manifest manifest =
          new Manifest(
              request.jobId(),
              attempt,
              stamp,
              views,
              drivingKeys.size(),
              options.resolution(),
              outputs.depthRange(),
              outputs.files(),
              clock.instant(),
              renderer.viewsPerCall(),
              timer.millis(),
              inputs.record(),
              quality.result(views.get(scored).name()).orElse(null));
      ManifestStore manifests = new ManifestStore(store);
      StoredObject written =
          retry.call("storing the manifest", () -> manifests.write(keys, manifest), stop);
      LOG.info(
          "job {} attempt {} stored {} outputs ({} views per render call)",
          request.jobId(),
          attempt,
          outputs.files().size(),
          renderer.viewsPerCall());
      reporter.succeeded(written.key(), stamp);
    }
  }

  /**
   * The head in the source's own expression, facing the front camera: the avatar a job's frames
   * animate, so it is the same for every driving clip.
   */
  private Mesh sourceMesh(AvatarSynthesizer model, SourceFeatures features, AttemptStop stop) {
    try (Triplanes planes = model.sourceTriplanes(features)) {
      return model.mesh(planes, meshGrid, stop::throwIfRequested);
    }
  }

  /** The index of the view closest to frontal, which the quality scores look at. */
  private static int mostFrontal(List<ViewSpec> views) {
    int best = 0;
    for (int i = 1; i < views.size(); i++) {
      if (turn(views.get(i)) < turn(views.get(best))) {
        best = i;
      }
    }
    return best;
  }

  private static double turn(ViewSpec v) {
    return Math.abs(v.yawDeg()) + Math.abs(v.pitchDeg());
  }

  private AvatarSynthesizer loadModel(String preset) {
    try {
      return models.get(preset);
    } catch (IllegalArgumentException e) {
      throw JobFailure.permanent(
          "model preset '" + preset + "' cannot be loaded: " + e.getMessage(), e);
    }
  }

  private BufferedImage readImage(String key, String field, AttemptStop stop) {
    byte[] bytes;
    try {
      bytes = retry.call("reading " + field, () -> store.get(key), stop);
    } catch (ObjectNotFoundException e) {
      throw JobFailure.permanent(
          "input " + field + " is missing from the object store (" + key + ")", e);
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
