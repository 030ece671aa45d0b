package dev.avatar4d.trainer.eval;

import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ground-truth front-camera renders with their attribute labels, the data an {@link
 * AttributeRegressor} is trained and checked on.
 *
 * @param images RGB images as in {@link HeadRender#rgb()}, {@link AttributeRegressor#RESOLUTION}²
 * @param labels one {@link AttributeRegressor#labels} vector per image
 */
public record AttributeSamples(List<float[]> images, List<float[]> labels) {

  /** Copies the lists and checks that they pair up. */
  public AttributeSamples {
    images = List.copyOf(images);
    labels = List.copyOf(labels);
    if (images.size() != labels.size()) {
      throw new IllegalArgumentException(
          images.size() + " images but " + labels.size() + " labels");
    }
  }

  /**
   * Renders identities 0 … count−1 of {@code split} from {@link Cameras#front()}, sample i showing
   * identity i with a random expression and head pose drawn from {@code seed}.
   */
  public static AttributeSamples render(
      SyntheticHeads heads, SyntheticHeads.Split split, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<float[]> images = new ArrayList<>(count);
    List<float[]> labels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Expression expression = Expression.sample(rng);
      HeadPose pose = SyntheticHeads.samplePose(rng);
      HeadRender render =
          heads.render(
              heads.identity(split, i),
              expression,
              pose,
              Cameras.front(),
              AttributeRegressor.RESOLUTION);
      images.add(render.rgb());
      labels.add(AttributeRegressor.labels(expression, pose));
    }
    return new AttributeSamples(images, labels);
  }

  /** Number of samples. */
  public int size() {
    return images.size();
  }

  /** Per-label mean over the samples. */
  public float[] labelMean() {
    float[] mean = new float[AttributeRegressor.LABELS];
    for (float[] l : labels) {
      for (int k = 0; k < mean.length; k++) {
        mean[k] += l[k] / labels.size();
      }
    }
    return mean;
  }
}
