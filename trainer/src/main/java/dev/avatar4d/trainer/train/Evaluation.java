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
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.heads.SyntheticHeads.MonocularClip;
import dev.avatar4d.trainer.heads.SyntheticHeads.Split;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scores trained models on held-out identities against the generator's ground truth. Per identity
 * a clip gives the source (frame 0) and the driving frame; every model renders the driving state
 * from five cameras: the clip's own (self-reenactment), the front camera (where the expression and
 * pose regressor reads the result), and three random cameras from the paper's range.
 *
 * <p>Ψ and the baseline are driven (source frame 0, driving frame). Ψ3d cannot reenact, so it is
 * given the driving frame itself as its source: its row shows what the static reconstructor
 * achieves from the very image it must reproduce, a reference for the novel-view figures.
 */
public final class Evaluation {

  /** Frame of the clip used as the driving frame (frame 0 is the source). */
  static final int DRIVING_FRAME = 5;
  static final int FRAMES = 8;
  /** Index of the front camera among the evaluation views. */
  static final int FRONT = 1;
  static final int VIEWS = 5;

  /** Sums of one model's scores over identities. */
  public static final class Scores {
    private final String model;
    private double selfPsnr;
    private double selfSsim;
    private double selfL1;
    private double novelPsnr;
    private double novelSsim;
    private double novelL1;
    private double depthError;
    private int depthCount;
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

    public double novelPsnr() {
      return novelPsnr / (identities * (VIEWS - 1.0));
    }

    public double novelSsim() {
      return novelSsim / (identities * (VIEWS - 1.0));
    }

    public double novelL1() {
      return novelL1 / (identities * (VIEWS - 1.0));
    }

    /** Mean ray-distance error (world units) over covered pixels of all five views. */
    public double depthError() {
      return depthError / depthCount;
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
  record Case(HeadRender source, HeadRender driving, Expression expression, HeadPose pose, List<Camera> cameras,
      List<HeadRender> truth, List<HeadRender> truthAtRender) {}

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
        cameras.add(CameraSampler.paper().sample(rng));
      }
      Expression expression = clip.expressions().get(DRIVING_FRAME);
      HeadPose pose = clip.poses().get(DRIVING_FRAME);
      List<HeadRender> truth = new ArrayList<>();
      List<HeadRender> truthAtRender = new ArrayList<>();
      for (Camera c : cameras) {
        truth.add(heads.render(clip.identity(), expression, pose, c, size));
        truthAtRender.add(heads.render(clip.identity(), expression, pose, c, settings.resolution()));
      }
      cases.add(new Case(clip.renders().get(0), clip.renders().get(DRIVING_FRAME), expression, pose, cameras, truth,
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

  /**
   * Scores one model.
   *
   * @param dynamic true for Ψ and the baseline (driven), false for Ψ3d (fed the driving frame)
   * @param sheetRows receives the five rendered views of the first case, as images
   */
  public Scores score(String model, Path weights, boolean dynamic, AttributeRegressor regressor, NDManager parent,
      List<BufferedImage> sheetRows) throws IOException {
    Scores s = new Scores(model);
    try (NDManager manager = parent.newSubManager()) {
      Portrait4DNetwork network = new Portrait4DNetwork(preset);
      network.initialize(manager, 0);
      WeightsFile.load(weights, network, preset.name());
      TrainingRender forward = new TrainingRender(network, settings, TrainingRender.Noise.CENTRED);
      for (int k = 0; k < cases.size(); k++) {
        Case c = cases.get(k);
        try (NDManager scope = manager.newSubManager(); Autograd.NoGrad ignored = Autograd.noGrad()) {
          int size = preset.inputSize();
          int res = settings.resolution();
          NDArray driving = Planes.signedBatch(scope, List.of(c.driving().rgb()), 3, size);
          TrainingRender.Encoded encoded = dynamic
              ? forward.encode(Planes.signedBatch(scope, List.of(c.source().rgb()), 3, size), driving, 1f)
              : forward.encode(driving, null, 0f);
          TrainingRender.RawRender raw = forward.render(encoded.repeat(VIEWS), c.cameras());
          float[] images = network.superResolve(raw.featureImage()).add(1f).div(2f).clip(0f, 1f).toFloatArray();
          float[] depths = raw.depth().toFloatArray();
          int per = 3 * size * size;
          for (int v = 0; v < VIEWS; v++) {
            float[] image = java.util.Arrays.copyOfRange(images, v * per, (v + 1) * per);
            float[] truth = c.truth().get(v).rgb();
            double psnr = ImageMetrics.psnr(image, truth);
            double ssim = ImageMetrics.ssim(image, truth, 3, size);
            double l1 = ImageMetrics.l1(image, truth);
            if (v == 0) {
              s.selfPsnr += psnr;
              s.selfSsim += ssim;
              s.selfL1 += l1;
            } else {
              s.novelPsnr += psnr;
              s.novelSsim += ssim;
              s.novelL1 += l1;
            }
            HeadRender truthSmall = c.truthAtRender().get(v);
            float[] depth = java.util.Arrays.copyOfRange(depths, v * res * res, (v + 1) * res * res);
            double err = ImageMetrics.maskedMeanAbs(depth, truthSmall.depth(), truthSmall.mask(), 0.5f);
            if (!Double.isNaN(err)) {
              s.depthError += err;
              s.depthCount++;
            }
            if (v == FRONT) {
              addAttributes(s, regressor, scope, c, image);
            }
            if (k == 0 && sheetRows != null) {
              sheetRows.add(new HeadRender(size, image, new float[size * size], new float[size * size]).toImage());
            }
          }
        }
        s.identities++;
      }
    }
    return s;
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

  private void addAttributes(Scores s, AttributeRegressor regressor, NDManager manager, Case c, float[] imageAtInput) {
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
      s.aed += expressionError / (AttributeRegressor.POSE_START - AttributeRegressor.EXPRESSION_START);
      s.apd += poseError / (AttributeRegressor.LABELS - AttributeRegressor.POSE_START);
    }
  }
}
