package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.eval.AttributeRegressor;
import dev.avatar4d.trainer.eval.ImageMetrics;
import dev.avatar4d.trainer.heads.CameraSampler;
import dev.avatar4d.trainer.heads.ContactSheet;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadIdentity;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.HeadShape;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.heads.SyntheticHeads.MonocularClip;
import dev.avatar4d.trainer.heads.SyntheticHeads.Split;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Scores trained models and trivial baselines on held-out identities against the generator's ground
 * truth. Per identity a clip gives the source (frame 0) and the driving frame; every row shows the
 * driving state from five cameras: the clip's own (self-reenactment), the service's front camera
 * (where the expression and pose regressor reads the result), and three of the service's own orbit
 * views (yaw within ±45°, pitch within ±20°; "novel" = these and the front).
 *
 * <p>Model rows: Ψ and the baseline are driven (source frame 0, driving frame); "ignore driving" is
 * Ψ fed the source as its own driving frame, so it shows what motion adds; Ψ3d cannot reenact and
 * is given the driving frame itself as its source. Baseline rows a 3D model must beat: the source
 * image returned for every view, and the mean of all ground-truth images.
 *
 * <p>Model rows render the head in its own frame with the driving frame's true head pose turned
 * into each camera ({@link HeadShape#unposedView}), as the paper drives with an estimated pose
 * ({@code use_neck=False}); here the generator's pose stands in for a pose estimate.
 */
public final class Evaluation {

  /** Frame of the clip used as the driving frame (frame 0 is the source). */
  static final int DRIVING_FRAME = 5;

  static final int FRAMES = 8;

  /** Index of the front camera among the evaluation views. */
  static final int FRONT = 1;

  static final int VIEWS = 5;

  /** Yaw angles of the sweep sheet, degrees. */
  static final float[] SWEEP_YAWS = {-60, -40, -20, 0, 20, 40, 60};

  /** Held-out heads on the sweep sheet. */
  static final int SWEEP_HEADS = 4;

  /** How a model row is fed. */
  public enum Feed {
    /** Ψ3d: the driving frame is its source; no motion. */
    DRIVING_AS_SOURCE,
    /** Ψ: source frame 0, driven by the driving frame. */
    DRIVEN,
    /** Ψ fed the source as its own driving frame. */
    IGNORE_DRIVING
  }

  /** Sums of one row's scores over identities. */
  public static final class Scores {
    private final String model;
    private double selfPsnr;
    private double selfSsim;
    private double selfL1;
    private double novelSsim;
    private double novelL1;
    private final List<Double> novelPsnrPerIdentity = new ArrayList<>();
    private double depthError;
    private int depthCount;
    private double opacityInside;
    private double opacityOutside;
    private int opacityCount;
    private double aed;
    private double apd;
    private int identities;

    Scores(String model) {
      this.model = model;
    }

    public String model() {
      return model;
    }

    public double selfPsnr() {
      return selfPsnr / identities;
    }

    public double selfSsim() {
      return selfSsim / identities;
    }

    public double selfL1() {
      return selfL1 / identities;
    }

    /** Mean novel-view PSNR: every identity has the same number of novel views. */
    public double novelPsnr() {
      return novelPsnrPerIdentity.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
    }

    /** Standard deviation over identities of each identity's mean novel-view PSNR. */
    public double novelPsnrSpread() {
      double mean = novelPsnr();
      double var =
          novelPsnrPerIdentity.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum()
              / Math.max(1, novelPsnrPerIdentity.size() - 1);
      return Math.sqrt(var);
    }

    public double novelSsim() {
      return novelSsim / (identities * (VIEWS - 1.0));
    }

    public double novelL1() {
      return novelL1 / (identities * (VIEWS - 1.0));
    }

    /**
     * Mean ray-distance error (world units) over covered pixels of all five views; NaN without a
     * volume.
     */
    public double depthError() {
      return depthCount == 0 ? Double.NaN : depthError / depthCount;
    }

    /** Mean rendered opacity where the ground-truth mask is over half; NaN without a volume. */
    public double opacityInside() {
      return opacityCount == 0 ? Double.NaN : opacityInside / opacityCount;
    }

    /** Mean rendered opacity where the ground-truth mask is under half; NaN without a volume. */
    public double opacityOutside() {
      return opacityCount == 0 ? Double.NaN : opacityOutside / opacityCount;
    }

    /** Mean absolute error of the 5 expression values read from the front view. */
    public double aed() {
      return aed / identities;
    }

    /** Mean absolute error (radians) of the 3 head-pose angles read from the front view. */
    public double apd() {
      return apd / identities;
    }
  }

  /** One identity's inputs, views and ground truth. */
  record Case(
      HeadIdentity identity,
      HeadRender source,
      HeadRender driving,
      Expression expression,
      HeadPose pose,
      List<Camera> cameras,
      List<HeadRender> truth,
      List<HeadRender> truthAtRender) {}

  /**
   * What a row shows for one case: {@code VIEWS} images at the input size (channel-major, [0, 1])
   * and, for rows with a volume, the raw depth and opacity of each view at the render resolution.
   */
  record Views(float[] images, float[] depths, float[] opacities) {

    /** The same image for each of {@code views} views, with no volume. */
    static Views flat(float[] image, int views) {
      float[] all = new float[image.length * views];
      for (int v = 0; v < views; v++) {
        System.arraycopy(image, 0, all, v * image.length, image.length);
      }
      return new Views(all, null, null);
    }

    /** View {@code v}'s image, {@code per} values long. */
    float[] image(int v, int per) {
      return Arrays.copyOfRange(images, v * per, (v + 1) * per);
    }

    /** View {@code v}'s depth map, {@code per} values long. */
    float[] depth(int v, int per) {
      return Arrays.copyOfRange(depths, v * per, (v + 1) * per);
    }

    /** View {@code v}'s opacity map, {@code per} values long. */
    float[] opacity(int v, int per) {
      return Arrays.copyOfRange(opacities, v * per, (v + 1) * per);
    }
  }

  /** Produces a row's views for one case. */
  interface Row {
    Views render(Case c, List<Camera> cameras, NDManager scope);
  }

  private final SyntheticHeads heads;
  private final ModelPreset preset;
  private final RenderSettings settings;
  private final List<Case> cases = new ArrayList<>();

  /** Renders the held-out cases (identities 0..identities-1 of the held-out split). */
  public Evaluation(SyntheticHeads heads, ModelPreset preset, int identities) {
    this.heads = heads;
    this.preset = preset;
    this.settings = TrainingRender.presetSettings(preset);
    int size = preset.inputSize();
    for (int i = 0; i < identities; i++) {
      MonocularClip clip = heads.monocularClip(Split.HELD_OUT, i, 0, FRAMES, size);
      SplittableRandom rng = new SplittableRandom(0xE7A1L * 31 + i);
      List<Camera> cameras = new ArrayList<>(List.of(clip.camera(), Cameras.front()));
      while (cameras.size() < VIEWS) {
        cameras.add(CameraSampler.service(rng));
      }
      Expression expression = clip.expressions().get(DRIVING_FRAME);
      HeadPose pose = clip.poses().get(DRIVING_FRAME);
      List<HeadRender> truth = new ArrayList<>();
      List<HeadRender> truthAtRender = new ArrayList<>();
      for (Camera c : cameras) {
        truth.add(heads.render(clip.identity(), expression, pose, c, size));
        truthAtRender.add(
            heads.render(clip.identity(), expression, pose, c, settings.resolution()));
      }
      cases.add(
          new Case(
              clip.identity(),
              clip.renders().get(0),
              clip.renders().get(DRIVING_FRAME),
              expression,
              pose,
              cameras,
              truth,
              truthAtRender));
    }
  }

  /** Scores of the regressor on the ground truth itself: the floor of AED and APD. */
  public Scores groundTruthFloor(AttributeRegressor regressor, NDManager manager) {
    Scores s = new Scores("ground truth");
    for (Case c : cases) {
      addAttributes(s, regressor, manager, c, c.truth().get(FRONT).rgb());
      s.identities++;
    }
    return s;
  }

  /** The row that returns the source image for every view: what a 2D copy scores. */
  public Scores copySource(
      AttributeRegressor regressor, NDManager manager, List<BufferedImage> sheetRow) {
    return score(
        "copy source (source image for every view)",
        (c, cameras, scope) -> Views.flat(c.source().rgb(), cameras.size()),
        regressor,
        manager,
        sheetRow);
  }

  /** The row that returns the mean of all ground-truth views of all cases for every view. */
  public Scores meanImage(
      AttributeRegressor regressor, NDManager manager, List<BufferedImage> sheetRow) {
    int per = cases.get(0).truth().get(0).rgb().length;
    float[] mean = new float[per];
    int n = 0;
    for (Case c : cases) {
      for (HeadRender t : c.truth()) {
        for (int i = 0; i < per; i++) {
          mean[i] += t.rgb()[i];
        }
        n++;
      }
    }
    for (int i = 0; i < per; i++) {
      mean[i] /= n;
    }
    return score(
        "mean image",
        (c, cameras, scope) -> Views.flat(mean, cameras.size()),
        regressor,
        manager,
        sheetRow);
  }

  /**
   * Scores one trained model.
   *
   * @param sheetRow receives the five rendered views of the first case, as images
   */
  public Scores score(
      String model,
      Path weights,
      Feed feed,
      AttributeRegressor regressor,
      NDManager parent,
      List<BufferedImage> sheetRow)
      throws IOException {
    try (NDManager manager = parent.newSubManager()) {
      return score(model, modelRow(weights, feed, manager), regressor, manager, sheetRow);
    }
  }

  /**
   * The yaw sweep sheet of one model: for each of the first {@value #SWEEP_HEADS} held-out heads a
   * ground-truth row, the model's RGB row and its depth row (near bright), from yaw −60° to +60° at
   * pitch 0 with the service's cameras.
   */
  public BufferedImage yawSweep(Path weights, Feed feed, NDManager parent) throws IOException {
    List<String> captions = new ArrayList<>(List.of("input"));
    List<Camera> cameras = new ArrayList<>();
    for (float yaw : SWEEP_YAWS) {
      captions.add(String.format(Locale.ROOT, "yaw %+.0f°", yaw));
      cameras.add(Cameras.orbit(yaw, 0f, Cameras.DEFAULT_RADIUS, Cameras.DEFAULT_FOV_DEG));
    }
    ContactSheet sheet = new ContactSheet(96, captions);
    int size = preset.inputSize();
    int res = settings.resolution();
    float near = heads.renderer().near(cameras.get(0));
    float far = heads.renderer().far(cameras.get(0));
    try (NDManager manager = parent.newSubManager()) {
      Row row = modelRow(weights, feed, manager);
      for (int k = 0; k < Math.min(SWEEP_HEADS, cases.size()); k++) {
        Case c = cases.get(k);
        List<BufferedImage> truth = new ArrayList<>(List.of(c.source().toImage()));
        List<BufferedImage> rgb = new ArrayList<>(List.of(c.driving().toImage()));
        List<BufferedImage> depth =
            new ArrayList<>(List.of(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)));
        try (NDManager scope = manager.newSubManager()) {
          Views views = row.render(c, cameras, scope);
          for (int v = 0; v < cameras.size(); v++) {
            truth.add(
                heads
                    .render(c.identity(), c.expression(), c.pose(), cameras.get(v), size)
                    .toImage());
            rgb.add(tile(views.image(v, 3 * size * size)));
            float[] d = views.depth(v, res * res);
            float[] o = views.opacity(v, res * res);
            for (int i = 0; i < d.length; i++) {
              // Empty rays have no depth; show them at the far end, weighted by how opaque the ray
              // is.
              d[i] = Float.isNaN(d[i]) ? far : far - (far - d[i]) * o[i];
            }
            depth.add(new HeadRender(res, new float[3 * res * res], o, d).depthImage(near, far));
          }
        }
        sheet.row(truth).row(rgb).row(depth);
      }
    }
    return sheet.image();
  }

  private Row modelRow(Path weights, Feed feed, NDManager manager) throws IOException {
    Portrait4DNetwork network = new Portrait4DNetwork(preset);
    network.initialize(manager, 0);
    WeightsFile.load(weights, network, preset.name());
    TrainingRender forward = new TrainingRender(network, settings, TrainingRender.Noise.CENTRED);
    int size = preset.inputSize();
    return (c, cameras, scope) -> {
      try (Autograd.NoGrad ignored = Autograd.noGrad()) {
        NDArray source = Planes.signedBatch(scope, List.of(c.source().rgb()), 3, size);
        NDArray driving = Planes.signedBatch(scope, List.of(c.driving().rgb()), 3, size);
        TrainingRender.Encoded encoded =
            switch (feed) {
              case DRIVING_AS_SOURCE -> forward.encode(driving, null, 0f);
              case DRIVEN -> forward.encode(source, driving, 1f);
              case IGNORE_DRIVING -> forward.encode(source, source, 1f);
            };
        List<Camera> headFrame =
            cameras.stream().map(camera -> HeadShape.unposedView(c.pose(), camera)).toList();
        TrainingRender.RawRender raw = forward.render(encoded, headFrame);
        float[] images =
            network.superResolve(raw.featureImage()).add(1f).div(2f).clip(0f, 1f).toFloatArray();
        return new Views(images, raw.depth().toFloatArray(), raw.opacity().toFloatArray());
      }
    };
  }

  private Scores score(
      String model,
      Row row,
      AttributeRegressor regressor,
      NDManager manager,
      List<BufferedImage> sheetRow) {
    Scores s = new Scores(model);
    int size = preset.inputSize();
    int res = settings.resolution();
    int per = 3 * size * size;
    for (int k = 0; k < cases.size(); k++) {
      Case c = cases.get(k);
      try (NDManager scope = manager.newSubManager()) {
        Views views = row.render(c, c.cameras(), scope);
        double identityNovel = 0;
        for (int v = 0; v < VIEWS; v++) {
          float[] image = views.image(v, per);
          float[] truth = c.truth().get(v).rgb();
          double psnr = ImageMetrics.psnr(image, truth);
          double ssim = ImageMetrics.ssim(image, truth, 3, size);
          double l1 = ImageMetrics.l1(image, truth);
          if (v == 0) {
            s.selfPsnr += psnr;
            s.selfSsim += ssim;
            s.selfL1 += l1;
          } else {
            s.novelSsim += ssim;
            s.novelL1 += l1;
            identityNovel += psnr / (VIEWS - 1.0);
          }
          if (views.depths() != null) {
            addVolume(
                s,
                c.truthAtRender().get(v),
                views.depth(v, res * res),
                views.opacity(v, res * res));
          }
          if (v == FRONT) {
            addAttributes(s, regressor, scope, c, image);
          }
          if (k == 0 && sheetRow != null) {
            sheetRow.add(tile(image));
          }
        }
        s.novelPsnrPerIdentity.add(identityNovel);
      }
      s.identities++;
    }
    return s;
  }

  /** An RGB image at the input size as a contact-sheet tile. */
  private BufferedImage tile(float[] image) {
    int size = preset.inputSize();
    return new HeadRender(size, image, new float[size * size], new float[size * size]).toImage();
  }

  private static void addVolume(Scores s, HeadRender truth, float[] depth, float[] opacity) {
    double err = ImageMetrics.maskedMeanAbs(depth, truth.depth(), truth.mask(), 0.5f);
    if (!Double.isNaN(err)) {
      s.depthError += err;
      s.depthCount++;
    }
    double inside = 0;
    double outside = 0;
    int in = 0;
    for (int i = 0; i < opacity.length; i++) {
      if (truth.mask()[i] > 0.5f) {
        inside += opacity[i];
        in++;
      } else {
        outside += opacity[i];
      }
    }
    if (in > 0 && in < opacity.length) {
      s.opacityInside += inside / in;
      s.opacityOutside += outside / (opacity.length - in);
      s.opacityCount++;
    }
  }

  /** The first case's source, driving frame and ground-truth views, as contact-sheet tiles. */
  public List<BufferedImage> firstCaseTruth() {
    Case c = cases.get(0);
    List<BufferedImage> row = new ArrayList<>(List.of(c.source().toImage(), c.driving().toImage()));
    c.truth().forEach(t -> row.add(t.toImage()));
    return row;
  }

  /** The first case's source and driving frame as tiles. */
  public List<BufferedImage> firstCaseInputs() {
    Case c = cases.get(0);
    return List.of(c.source().toImage(), c.driving().toImage());
  }

  private void addAttributes(
      Scores s, AttributeRegressor regressor, NDManager manager, Case c, float[] imageAtInput) {
    int size = preset.inputSize();
    float[] small = Planes.downsample(imageAtInput, 3, size, size / AttributeRegressor.RESOLUTION);
    try (NDManager scope = manager.newSubManager()) {
      float[] predicted = regressor.predict(AttributeRegressor.batch(scope, List.of(small)))[0];
      float[] labels = AttributeRegressor.labels(c.expression(), c.pose());
      double expressionError = 0;
      for (int i = AttributeRegressor.EXPRESSION_START; i < AttributeRegressor.POSE_START; i++) {
        expressionError += Math.abs(predicted[i] - labels[i]);
      }
      double poseError = 0;
      for (int i = AttributeRegressor.POSE_START; i < AttributeRegressor.LABELS; i++) {
        poseError += Math.abs(predicted[i] - labels[i]);
      }
      s.aed +=
          expressionError / (AttributeRegressor.POSE_START - AttributeRegressor.EXPRESSION_START);
      s.apd += poseError / (AttributeRegressor.LABELS - AttributeRegressor.POSE_START);
    }
  }
}
