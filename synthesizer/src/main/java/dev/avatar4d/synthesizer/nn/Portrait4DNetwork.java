package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.avatar4d.synthesizer.ModelPreset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole network: Ψ (encoders, triplane decoder, background, OSG decoder, super-resolution) plus
 * the motion encoder E_mot. Volume rendering is not a learnable part and lives in the {@code
 * render} package; this class exposes the pieces the renderer and the facade need.
 */
public final class Portrait4DNetwork extends Module {

  /** Name of the motion encoder child; it is not part of Ψ's parameter count. */
  public static final String MOTION_ENCODER = "motion_encoder";

  private final ModelPreset preset;
  private final EncoderGlobal encoderGlobal;
  private final EncoderDetail encoderDetail;
  private final EncoderCanonical encoderCanonical;
  private final DecoderTriplane generatorTriplane;
  private final EncoderBackground background;
  private final OsgDecoder decoder;
  private final SuperResolution superresolution;
  private final MotionEncoder motionEncoder;

  /** Builds every block for {@code preset}; parameters stay unallocated until initialised. */
  public Portrait4DNetwork(ModelPreset preset) {
    this.preset = preset;
    this.encoderGlobal = child("encoder_global", new EncoderGlobal(preset));
    this.encoderDetail = child("encoder_detail", new EncoderDetail(preset));
    this.encoderCanonical = child("encoder_canonical", new EncoderCanonical(preset));
    this.generatorTriplane = child("generator_triplane", new DecoderTriplane(preset));
    this.background = child("background", new EncoderBackground(preset));
    this.decoder = child("decoder", new OsgDecoder(preset));
    this.superresolution = child("superresolution", new SuperResolution(preset));
    this.motionEncoder = child(MOTION_ENCODER, new MotionEncoder(preset));
  }

  /** The preset this network was built for. */
  public ModelPreset preset() {
    return preset;
  }

  /** Parameters of Ψ alone (everything but the motion encoder), as in the paper's count. */
  public long psiParameterCount() {
    return parameterCount() - motionEncoder.parameterCount();
  }

  /** Parameter count per top-level module. */
  public Map<String, Long> moduleParameterCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    modules().forEach((name, m) -> counts.put(name, m.parameterCount()));
    return counts;
  }

  /** F_g {@code (B, aspp, S/8, S/8)} of a source image {@code (B, 3, S, S)} in [-1, 1]. */
  public NDArray encodeGlobal(NDArray image) {
    return encoderGlobal.apply(image);
  }

  /** F_d {@code (B, detail, S/2, S/2)}. */
  public NDArray encodeDetail(NDArray image) {
    return encoderDetail.apply(image);
  }

  /** Background features in [0, 1] at the render resolution {@code (B, Cf, R, R)}. */
  public NDArray encodeBackground(NDArray image) {
    return encodeBackground(image, preset.render().resolution());
  }

  /** Background features in [0, 1] at {@code resolution} (training renders at other sizes). */
  public NDArray encodeBackground(NDArray image, int resolution) {
    NDArray bg = Ops.sigmoid(background.apply(image));
    return Resample.bilinear(bg, resolution, resolution, false);
  }

  /** Motion codes {@code (B, motionDim)}; {@code points} as in {@link MotionEncoder#apply}. */
  public NDArray encodeMotion(NDArray image, double[][][] points) {
    return motionEncoder.apply(image, points);
  }

  /**
   * Triplanes for one driving motion.
   *
   * @param globalFeatures F_g
   * @param detailFeatures F_d
   * @param sourceMotion v_s
   * @param drivingMotion v_d
   * @param motionScale 1 for Ψ; 0 turns the network into the static Ψ3d
   * @return planes {@code (B, 3, C, S/2, S/2)}
   */
  public NDArray triplanes(
      NDArray globalFeatures,
      NDArray detailFeatures,
      NDArray sourceMotion,
      NDArray drivingMotion,
      float motionScale) {
    NDArray canonical =
        encoderCanonical.apply(globalFeatures, drivingMotion, sourceMotion, motionScale);
    return generatorTriplane.apply(canonical, detailFeatures);
  }

  /** The OSG decoder, handed to the volume renderer. */
  public OsgDecoder decoder() {
    return decoder;
  }

  /**
   * Super-resolves a composited feature image {@code (N, Cf, R, R)} (×2−1 already applied);
   * channels 0..2 are the raw RGB. Returns {@code (N, 3, 4R, 4R)}.
   */
  public NDArray superResolve(NDArray featureImage) {
    NDArray rgb = featureImage.get(new NDIndex(":, 0:3"));
    return superresolution.apply(rgb, featureImage);
  }

  /** Inputs: source image, source motion, driving motion; output: planes (motion scale 1). */
  @Override
  protected NDList run(NDList inputs) {
    NDArray image = inputs.get(0);
    return new NDList(
        triplanes(encodeGlobal(image), encodeDetail(image), inputs.get(1), inputs.get(2), 1f));
  }
}
