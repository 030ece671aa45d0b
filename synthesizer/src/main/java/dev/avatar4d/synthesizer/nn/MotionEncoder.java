package dev.avatar4d.synthesizer.nn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.avatar4d.synthesizer.ModelPreset;
import java.util.logging.Logger;

/**
 * The motion encoder E_mot with PD-FGC's architecture: the 3-point aligned 224² face crop goes
 * through a one-stack FAN hourglass to 68 heatmaps, a strided conv to 28×28, and a linear layer;
 * then eye, emotion and mouth heads. The embedding is cat(eye, emotion, mouth feature): 548 values
 * in the paper. PD-FGC's head-pose branch is left out on purpose (pose comes from the camera).
 */
public final class MotionEncoder extends Module {

  private static final int LANDMARKS = 68;

  /** Channels of one AVX-512 register of floats: the block oneDNN's CPU convolutions use. */
  private static final int CHANNEL_BLOCK = 16;

  /**
   * How often a code is computed before non-finite values are an error (an {@link EngineException}:
   * a device fault, which the worker retries). A guard, not the fix: the NaN codes seen on AMD EPYC
   * (Zen 5) came from {@code conv6}'s 68 input channels (see {@link Fan#apply}).
   */
  static final int ATTEMPTS = 3;

  private static final Logger LOG = Logger.getLogger(MotionEncoder.class.getName());

  private final Fan fan;
  private final Head eye;
  private final Head emotion;
  private final Head mouth;

  /** Builds the encoder for {@code preset}. */
  public MotionEncoder(ModelPreset preset) {
    int f = preset.motion().featureDim();
    this.fan = child("fan", new Fan(preset.motion().fanChannels(), preset.motion().fanDepth(), f));
    this.eye = child("eye", new Head(f, preset.motion().eyeDim()));
    this.emotion = child("emotion", new Head(f, preset.motion().emotionDim()));
    this.mouth = child("mouth", new Head(f, 0));
  }

  /**
   * Encodes images.
   *
   * @param images {@code (B, 3, H, W)} in [-1, 1]
   * @param points per image the eye/eye/mouth points in pixels, or {@code null} for defaults
   * @return motion codes {@code (B, motionDim)}
   */
  public NDArray apply(NDArray images, double[][][] points) {
    NDArray crops = FaceAlignment.crop(images, points);
    for (int attempt = 1; ; attempt++) {
      NDArray code = encodeAligned(crops);
      if (!code.isNaN().logicalOr(code.isInfinite()).any().getBoolean()) {
        return code;
      }
      if (attempt == ATTEMPTS) {
        throw new EngineException(
            "the motion encoder returned non-finite values " + ATTEMPTS + " times in a row");
      }
      LOG.warning(
          "the motion encoder returned non-finite values (attempt "
              + attempt
              + "); computing it again");
    }
  }

  /** Encodes already aligned 224² crops. */
  public NDArray encodeAligned(NDArray crops) {
    NDArray feature = fan.apply(crops);
    return NDArrays.concat(
        new NDList(eye.apply(feature), emotion.apply(feature), mouth.apply(feature)), 1);
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow(), null));
  }

  /** FAN backbone reduced to a single feature vector. */
  public static final class Fan extends Module {
    private final Conv conv1;
    private final BatchNorm bn1;
    private final FanBlock conv2;
    private final FanBlock conv3;
    private final FanBlock conv4;
    private final HourGlass m0;
    private final FanBlock topM0;
    private final Conv convLast0;
    private final BatchNorm bnEnd0;
    private final Conv l0;
    private final BatchNorm bn5;
    private final Conv conv6;
    private final Dense fc;

    Fan(int channels, int depth, int featureDim) {
      this.conv1 = child("conv1", Conv.of(3, channels / 4, 7).stride(2).padding(3).build());
      this.bn1 = child("bn1", new BatchNorm(channels / 4));
      this.conv2 = child("conv2", new FanBlock(channels / 4, channels / 2));
      this.conv3 = child("conv3", new FanBlock(channels / 2, channels / 2));
      this.conv4 = child("conv4", new FanBlock(channels / 2, channels));
      this.m0 = child("m0", new HourGlass(depth, channels));
      this.topM0 = child("top_m_0", new FanBlock(channels, channels));
      this.convLast0 = child("conv_last0", Conv.of(channels, channels, 1).padding(0).build());
      this.bnEnd0 = child("bn_end0", new BatchNorm(channels));
      this.l0 = child("l0", Conv.of(channels, LANDMARKS, 1).padding(0).build());
      this.bn5 = child("bn5", new BatchNorm(LANDMARKS));
      this.conv6 = child("conv6", Conv.of(LANDMARKS, 1, 3).stride(2).padding(1).build());
      this.fc = child("fc", new Dense(28 * 28, featureDim, Init.fanIn(), true));
    }

    NDArray apply(NDArray x) {
      x = Ops.relu(bn1.apply(conv1.apply(x)));
      x = Pool.maxPool2d(conv2.apply(x), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
      x = conv4.apply(conv3.apply(x));
      NDArray ll = topM0.apply(m0.apply(x));
      ll = bnEnd0.apply(convLast0.apply(ll));
      NDArray heat = l0.apply(Ops.relu(ll));
      // 68 heatmap channels: libtorch's oneDNN AVX-512 convolution pads them to 80 itself and, on
      // AMD EPYC (Zen 5), now and then left NaN in that padding (NaN × 0 is NaN): NaN motion codes
      // in 25 of 40 source-to-render rounds with oneDNN's primitive cache off, 11 of 100 with it.
      // Padding them with zeros here: 0 in 100 rounds, cache off.
      NDArray net = conv6.applyPaddedTo(Ops.relu(bn5.apply(heat)), CHANNEL_BLOCK);
      long b = net.getShape().get(0);
      return fc.apply(Ops.relu(net.reshape(b, -1)));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }

  /**
   * A PD-FGC head: Linear, ReLU, BatchNorm1d, Linear; then, when {@code outDim > 0}, ReLU and an
   * embedding Linear. The mouth head has no embedding: its feature is the code.
   */
  public static final class Head extends Module {
    private final Dense fc1;
    private final BatchNorm bn;
    private final Dense fc2;
    private final Dense embed;

    Head(int dim, int outDim) {
      this.fc1 = child("fc1", new Dense(dim, dim, Init.fanIn(), true));
      this.bn = child("bn", new BatchNorm(dim));
      this.fc2 = child("fc2", new Dense(dim, dim, Init.fanIn(), true));
      this.embed = outDim > 0 ? child("embed", new Dense(dim, outDim, Init.fanIn(), true)) : null;
    }

    NDArray apply(NDArray x) {
      NDArray y = fc2.apply(bn.apply(Ops.relu(fc1.apply(x))));
      return embed == null ? y : embed.apply(Ops.relu(y));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }
}
