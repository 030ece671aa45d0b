package dev.avatar4d.synthesizer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.mesh.Mesh;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.MeshExport;
import dev.avatar4d.synthesizer.render.RenderOutput;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.render.VolumeRenderer;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Portrait4D-v2 on DJL's PyTorch engine: the {@link AvatarSynthesizer} the worker uses.
 *
 * <p>Each result type owns a sub-manager of the model's manager; every call computes inside a
 * temporary scope and moves only its results out, so nothing accumulates across frames.
 */
public final class Portrait4DSynthesizer implements AvatarSynthesizer {

  private static final System.Logger LOG = System.getLogger(Portrait4DSynthesizer.class.getName());

  private final ModelPreset preset;
  private final NDManager manager;
  private final Portrait4DNetwork network;
  private final VolumeRenderer renderer = new VolumeRenderer();
  private final RenderSettings settings;
  private final ModelInfo info;
  private volatile boolean closed;

  private Portrait4DSynthesizer(
      ModelPreset preset, NDManager manager, Portrait4DNetwork network, ModelInfo info) {
    this.preset = preset;
    this.manager = manager;
    this.network = network;
    this.info = info;
    this.settings =
        new RenderSettings(
            preset.render().resolution(),
            preset.render().stratifiedSamples(),
            preset.render().importanceSamples(),
            preset.render().boxWarp());
  }

  /**
   * Builds the network for {@code config}: loads our weights file when given (a mismatching file,
   * or one whose {@code .sha256} pin differs, throws {@link
   * dev.avatar4d.synthesizer.weights.WeightsMismatchException}), otherwise seeded random
   * initialisation.
   */
  public static Portrait4DSynthesizer open(SynthesizerConfig config) {
    Objects.requireNonNull(config, "config");
    ModelPreset preset = ModelPreset.byName(config.preset());
    Device device = chooseDevice(config.device());
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Portrait4DNetwork network = new Portrait4DNetwork(preset);
      network.initialize(manager, config.seed());
      String sha;
      boolean trained;
      if (config.weights().isPresent()) {
        Path path = config.weights().get();
        sha = WeightsFile.verifiedSha256(path);
        WeightsFile.load(path, network, preset.name());
        trained = true;
      } else {
        sha = "untrained-seed-" + config.seed();
        trained = false;
      }
      ModelInfo info =
          new ModelInfo(
              preset.name(),
              sha,
              trained,
              describe(device),
              preset.superResolution().outputResolution(),
              preset.render().resolution());
      LOG.log(
          System.Logger.Level.INFO,
          "Portrait4D-v2 synthesizer: preset {0}, device {1}, weights {2}",
          preset.name(),
          device,
          sha);
      return new Portrait4DSynthesizer(preset, manager, network, info);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException("cannot read weights " + config.weights().orElse(null), e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  static Device chooseDevice(String preference) {
    int gpus = Engine.getInstance().getGpuCount();
    if (!"cpu".equals(preference) && gpus > 0) {
      return Device.gpu();
    }
    if ("gpu".equals(preference)) {
      LOG.log(
          System.Logger.Level.WARNING, "GPU requested but the engine sees none; running on CPU");
    }
    return Device.cpu();
  }

  /** The underlying network (for training and diagnostics). */
  public Portrait4DNetwork network() {
    return network;
  }

  @Override
  public ModelInfo modelInfo() {
    return info;
  }

  @Override
  public SourceFeatures encodeSource(BufferedImage source, double[][] motionPoints) {
    checkOpen();
    NDManager keep = manager.newSubManager();
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = Images.toTensor(scope, source, preset.inputSize());
      NDArray global = network.encodeGlobal(image);
      NDArray detail = network.encodeDetail(image);
      NDArray background = network.encodeBackground(image);
      NDArray motion = network.encodeMotion(image, atInputSize(motionPoints, source));
      for (NDArray a : List.of(global, detail, background, motion)) {
        a.attach(keep);
      }
      return new SourceFeatures(keep, global, detail, background, motion);
    } catch (RuntimeException e) {
      keep.close();
      throw e;
    }
  }

  @Override
  public MotionCode encodeMotion(BufferedImage driving, double[][] motionPoints) {
    checkOpen();
    NDManager keep = manager.newSubManager();
    try (NDManager scope = manager.newSubManager()) {
      NDArray code =
          network.encodeMotion(
              Images.toTensor(scope, driving, preset.inputSize()),
              atInputSize(motionPoints, driving));
      code.attach(keep);
      return new MotionCode(keep, code);
    } catch (RuntimeException e) {
      keep.close();
      throw e;
    }
  }

  @Override
  public Triplanes triplanes(SourceFeatures source, MotionCode driving) {
    return triplanes(source, driving.code());
  }

  @Override
  public Triplanes sourceTriplanes(SourceFeatures source) {
    return triplanes(source, source.motion());
  }

  private Triplanes triplanes(SourceFeatures source, NDArray drivingCode) {
    checkOpen();
    NDManager keep = manager.newSubManager();
    try (NDManager scope = manager.newSubManager()) {
      borrow(scope, source.global(), source.detail(), source.motion());
      if (drivingCode != source.motion()) {
        // Borrowed once only: a second temporary attach would record the scope as its owner.
        borrow(scope, drivingCode);
      }
      NDArray planes =
          network.triplanes(source.global(), source.detail(), source.motion(), drivingCode, 1f);
      planes.attach(keep);
      return new Triplanes(keep, planes);
    } catch (RuntimeException e) {
      keep.close();
      throw e;
    }
  }

  @Override
  public Mesh mesh(Triplanes planes, int gridSize, Runnable checkpoint) {
    checkOpen();
    try (NDManager scope = manager.newSubManager()) {
      borrow(scope, planes.planes());
      return MeshExport.extract(
          planes.planes(), network.decoder(), gridSize, settings.boxWarp(), checkpoint);
    }
  }

  @Override
  public List<RenderedView> render(SourceFeatures source, Triplanes planes, List<Camera> cameras) {
    checkOpen();
    if (cameras.isEmpty()) {
      return List.of();
    }
    try (NDManager scope = manager.newSubManager()) {
      borrow(scope, planes.planes(), source.background());
      RenderOutput out =
          renderer.render(
              planes.planes(), network.decoder(), source.background(), cameras, settings, null);
      return toViews(
          superResolveEachView(out.featureImage()), out.depth(), out.opacity(), cameras.size());
    }
  }

  /**
   * Super-resolves the views one at a time. The convolutions are per image anyway, and batching
   * them was measured slower than looping (lite, 8 views: 81 ms per view batched vs 42 ms alone),
   * and for the full preset runs out of memory (8 × 512² views need over 20 GB of activations).
   */
  private NDArray superResolveEachView(NDArray featureImages) {
    long n = featureImages.getShape().get(0);
    if (n == 1) {
      return network.superResolve(featureImages);
    }
    NDManager parent = featureImages.getManager();
    NDList views = new NDList();
    for (long i = 0; i < n; i++) {
      // A scope per view frees its intermediates before the next view: the full preset holds
      // about 3 GB of them per 512² view, which all 8 views together would not fit.
      try (NDManager view = parent.newSubManager()) {
        NDArray input = featureImages.get(i + ":" + (i + 1));
        input.attach(view);
        NDArray output = network.superResolve(input);
        output.attach(parent);
        views.add(output);
      }
    }
    return NDArrays.concat(views, 0);
  }

  /** Points in pixels of {@code image} moved to the network input it is resized to. */
  private double[][][] atInputSize(double[][] points, BufferedImage image) {
    if (points == null) {
      return null;
    }
    if (points.length != 3) {
      throw new IllegalArgumentException("the motion crop takes 3 points, got " + points.length);
    }
    double sx = (double) preset.inputSize() / image.getWidth();
    double sy = (double) preset.inputSize() / image.getHeight();
    double[][] scaled = new double[3][];
    for (int i = 0; i < 3; i++) {
      scaled[i] = new double[] {points[i][0] * sx, points[i][1] * sy};
    }
    return new double[][][] {scaled};
  }

  /**
   * Operations create their results on the manager of their first operand; temporarily moving
   * long-lived inputs into the call's scope keeps every intermediate there. They return to their
   * owners when the scope closes.
   */
  private static void borrow(NDManager scope, NDArray... arrays) {
    for (NDArray a : arrays) {
      a.tempAttach(scope);
    }
  }

  private List<RenderedView> toViews(NDArray sr, NDArray depth, NDArray opacity, int n) {
    int out = preset.superResolution().outputResolution();
    int r = preset.render().resolution();
    Shape expected = new Shape(n, 3, out, out);
    if (!sr.getShape().equals(expected)) {
      throw new IllegalStateException(
          "super-resolution returned " + sr.getShape() + ", expected " + expected);
    }
    float[] rgb = sr.toFloatArray();
    float[] d = depth.toFloatArray();
    float[] o = opacity.toFloatArray();
    int imageSize = 3 * out * out;
    int mapSize = r * r;
    List<RenderedView> views = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] chw = java.util.Arrays.copyOfRange(rgb, i * imageSize, (i + 1) * imageSize);
      float[] depthMap = java.util.Arrays.copyOfRange(d, i * mapSize, (i + 1) * mapSize);
      float[] opacityMap = java.util.Arrays.copyOfRange(o, i * mapSize, (i + 1) * mapSize);
      for (int k = 0; k < mapSize; k++) {
        opacityMap[k] = Math.max(0f, Math.min(1f, opacityMap[k]));
      }
      views.add(new RenderedView(Images.toImage(chw, out, out), depthMap, opacityMap, r));
    }
    return views;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("synthesizer is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }

  /** "cpu" or "gpu:N", as shown to users; DJL's own toString reads "cpu()". */
  private static String describe(Device device) {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }
}
