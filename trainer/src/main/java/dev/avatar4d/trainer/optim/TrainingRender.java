package dev.avatar4d.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderOutput;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.render.SampleNoise;
import dev.avatar4d.synthesizer.render.VolumeRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The differentiable forward of one training batch, through the synthesizer's own code paths:
 * source image → F_g, F_d, background and v_s; driving image → v_d; triplanes; volume rendering at
 * each sample's target camera. Super-resolution is not run: the raw render is what the first
 * training stages supervise.
 *
 * <p>Nothing here detaches: gradients reach every parameter of the encoders, the triplane decoder,
 * the OSG decoder, the background UNet and (with a non-zero motion scale) the motion encoder. The
 * fine-sample positions of the renderer are chosen without gradient (as in the official renderer);
 * colours and densities at those positions are differentiable. Note that the motion cross-attention
 * output projections start at zero, so on the very first backward of a fresh network nothing
 * upstream of them (motion maps, token projections, norm2, attn2 q/kv, the motion encoder) has a
 * gradient yet; one optimiser step opens that path.
 *
 * <p>Every result is created on the source image's manager, so a per-step scope that owns the
 * inputs frees the whole step.
 */
public final class TrainingRender {

  /** How the renderer's random numbers are drawn. */
  public enum Noise {
    /** Fresh stratified jitter and inverse-CDF variates each call, as in official training. */
    RANDOM,
    /** Midpoint samples (jitter 0.5, u = 0.5): reproducible, for tests and probes. */
    CENTRED
  }

  /**
   * One raw render per batch entry.
   *
   * @param featureImage {@code (B, Cf, R, R)} composited features, ×2−1 applied; channels 0..2 are
   *     RGB
   * @param opacity {@code (B, 1, R, R)} accumulated opacity Σw
   * @param depth {@code (B, 1, R, R)} expected ray distance; its gradient is NaN for rays with zero
   *     opacity (Σw·t/Σw), so mask such rays before using it in a loss
   * @param planes {@code (B, 3, C, H, W)} the triplanes, for feature or regulariser losses
   */
  public record RawRender(NDArray featureImage, NDArray opacity, NDArray depth, NDArray planes) {

    /** The raw RGB image {@code (B, 3, R, R)}, roughly in [-1, 1]. */
    public NDArray rgb() {
      return featureImage.get(new NDIndex(":, 0:3"));
    }
  }

  private final Portrait4DNetwork network;
  private final RenderSettings settings;
  private final Noise noise;
  private final VolumeRenderer renderer = new VolumeRenderer();

  /** Renders at the preset's resolution and sample counts with random sample noise. */
  public TrainingRender(Portrait4DNetwork network) {
    this(network, presetSettings(network.preset()), Noise.RANDOM);
  }

  /**
   * Renders with explicit settings; a resolution other than the preset's (e.g. 32 for a cheap first
   * stage) resizes the background to it.
   */
  public TrainingRender(Portrait4DNetwork network, RenderSettings settings, Noise noise) {
    this.network = Objects.requireNonNull(network, "network");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.noise = Objects.requireNonNull(noise, "noise");
  }

  /** The preset's own render settings. */
  public static RenderSettings presetSettings(ModelPreset preset) {
    return new RenderSettings(
        preset.render().resolution(),
        preset.render().stratifiedSamples(),
        preset.render().importanceSamples(),
        preset.render().boxWarp());
  }

  /** The settings this forward renders with. */
  public RenderSettings settings() {
    return settings;
  }

  /**
   * Renders batch entry i of the triplanes from {@code cameras.get(i)}.
   *
   * @param source {@code (B, 3, S, S)} in [-1, 1], S = the preset's input size
   * @param driving {@code (B, 3, S, S)} in [-1, 1], or null to drive with the source itself (static
   *     reconstruction; saves the second motion-encoder pass)
   * @param cameras B target cameras
   * @param motionScale 1 for Ψ, 0 for the static Ψ3d (cross-attention and motion encoder skipped)
   * @return the raw render and the planes
   */
  public RawRender forward(
      NDArray source, NDArray driving, List<Camera> cameras, float motionScale) {
    if (cameras.size() != source.getShape().get(0)) {
      throw new IllegalArgumentException(
          "need one camera per batch entry: "
              + cameras.size()
              + " for "
              + source.getShape().get(0));
    }
    return render(encode(source, driving, motionScale), cameras);
  }

  /** The triplanes and background of a batch, before any camera is chosen. */
  /**
   * @param drivingMotion {@code (B, motionDim)} the driving motion code the planes were made with
   *     (zeros for the static Ψ3d)
   */
  public record Encoded(NDArray planes, NDArray background, NDArray drivingMotion) {}

  /**
   * A square window of the render: {@code size} pixels from column {@code x0} and row {@code y0} of
   * the {@code R}² image.
   */
  public record Window(int x0, int y0, int size) {

    /** The whole {@code resolution}² image. */
    public static Window whole(int resolution) {
      return new Window(0, 0, resolution);
    }

    /** A {@code size}² window at a uniformly random place inside a {@code resolution}² image. */
    public static Window random(int resolution, int size, SplittableRandom rng) {
      return new Window(
          rng.nextInt(resolution - size + 1), rng.nextInt(resolution - size + 1), size);
    }

    /**
     * Window i of {@code windows} cut from image i of {@code images} {@code (1|N, C, R, R)} (image
     * 0 for all when the batch is 1): {@code (N, C, size, size)}.
     */
    public static NDArray crop(NDArray images, List<Window> windows) {
      long batch = images.getShape().get(0);
      NDList parts = new NDList();
      for (int i = 0; i < windows.size(); i++) {
        Window w = windows.get(i);
        long b = batch == 1 ? 0 : i;
        parts.add(
            images.get(
                new NDIndex(
                    "{}:{}, :, {}:{}, {}:{}", b, b + 1, w.y0, w.y0 + w.size, w.x0, w.x0 + w.size)));
      }
      return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
  }

  /**
   * The camera-independent half of {@link #forward}: encoders, motion cross-attention and triplane
   * decoder, plus the background at the render resolution.
   */
  public Encoded encode(NDArray source, NDArray driving, float motionScale) {
    long b = checkImage("source", source);
    if (driving != null && checkImage("driving", driving) != b) {
      throw new IllegalArgumentException(
          "driving batch " + driving.getShape().get(0) + " != source batch " + b);
    }
    NDArray sourceMotion;
    NDArray drivingMotion;
    if (motionScale == 0f) {
      // Ψ3d never reads the motion codes (its cross-attention is skipped), so the motion
      // encoder is not run at all: about 100 ms of a 0.6–0.9 s lite step on 2 cores.
      sourceMotion = source.getManager().zeros(new Shape(b, network.preset().motion().codeDim()));
      drivingMotion = sourceMotion;
    } else {
      sourceMotion = network.encodeMotion(source, null);
      drivingMotion = driving == null ? sourceMotion : network.encodeMotion(driving, null);
    }
    NDArray planes =
        network.triplanes(
            network.encodeGlobal(source),
            network.encodeDetail(source),
            sourceMotion,
            drivingMotion,
            motionScale);
    return new Encoded(
        planes, network.encodeBackground(source, settings.resolution()), drivingMotion);
  }

  /**
   * Renders batch entry i of {@code encoded} from {@code cameras.get(i)}; an encoding of batch 1 is
   * rendered from every camera. Share one encoding rather than repeating it along the batch: the
   * copies' gradients made a 4-view stage-1 step 1.4× slower and a 16-view one 5× (measured with
   * {@code TrainingTimingProbe}).
   */
  public RawRender render(Encoded encoded, List<Camera> cameras) {
    return render(encoded, cameras, settings, encoded.background());
  }

  /**
   * Renders window i of camera i's image (all windows of one size): the rays, samples and
   * background pixels of those windows only, so a window of a quarter of the image costs about a
   * quarter of the whole render.
   */
  public RawRender render(Encoded encoded, List<Camera> cameras, List<Window> windows) {
    if (windows.size() != cameras.size()) {
      throw new IllegalArgumentException(
          windows.size() + " windows for " + cameras.size() + " cameras");
    }
    int full = settings.resolution();
    int size = windows.get(0).size();
    List<Camera> windowCameras = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      Window w = windows.get(i);
      if (w.size() != size) {
        throw new IllegalArgumentException("windows of one render must share a size");
      }
      windowCameras.add(cameras.get(i).window(full, w.x0(), w.y0(), size));
    }
    RenderSettings windowSettings =
        new RenderSettings(
            size, settings.stratifiedSamples(), settings.importanceSamples(), settings.boxWarp());
    return render(
        encoded, windowCameras, windowSettings, Window.crop(encoded.background(), windows));
  }

  private RawRender render(
      Encoded encoded, List<Camera> cameras, RenderSettings at, NDArray background) {
    long batch = encoded.planes().getShape().get(0);
    if (batch != 1 && cameras.size() != batch) {
      throw new IllegalArgumentException(
          "need one camera per batch entry: "
              + cameras.size()
              + " for "
              + encoded.planes().getShape().get(0));
    }
    SampleNoise sampleNoise =
        noise == Noise.CENTRED
            ? SampleNoise.centred(encoded.planes().getManager(), cameras.size(), at)
            : null;
    RenderOutput out =
        renderer.render(encoded.planes(), network.decoder(), background, cameras, at, sampleNoise);
    return new RawRender(out.featureImage(), out.opacity(), out.depth(), encoded.planes());
  }

  private long checkImage(String name, NDArray image) {
    Shape s = image.getShape();
    int size = network.preset().inputSize();
    if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != size || s.get(3) != size) {
      throw new IllegalArgumentException(
          name + " must have shape (B, 3, " + size + ", " + size + "), got " + s);
    }
    return s.get(0);
  }
}
