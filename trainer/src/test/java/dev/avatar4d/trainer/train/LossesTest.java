package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void identicalImagesHaveZeroPhotometricLossAndSsimOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray image = m.randomUniform(-1f, 1f, new Shape(1, 3, 32, 32));
      assertThat(Losses.ssim(image.add(1f).div(2f), image.add(1f).div(2f)).getFloat())
          .isCloseTo(1f, within(1e-5f));
      assertThat(Losses.photometric(image, image).getFloat()).isCloseTo(0f, within(1e-5f));
    }
  }

  @Test
  void noiseLowersSsimAndRaisesThePhotometricLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray image = m.randomUniform(-1f, 1f, new Shape(1, 3, 32, 32));
      NDArray noisy =
          image.add(m.randomNormal(0f, 0.3f, new Shape(1, 3, 32, 32), image.getDataType()));
      assertThat(Losses.ssim(image.add(1f).div(2f), noisy.add(1f).div(2f)).getFloat())
          .isLessThan(0.9f);
      assertThat(Losses.photometric(noisy, image).getFloat()).isGreaterThan(0.2f);
    }
  }

  @Test
  void theBackgroundLossOnlyCountsPixelsTheHeadLeavesUncovered() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray coverage = m.create(new float[] {1f, 0f}, new Shape(1, 1, 1, 2));
      // Truth in [-1, 1]: 0 is grey 0.5 in every channel.
      NDArray truth = m.zeros(new Shape(1, 3, 1, 2));
      NDArray background =
          m.create(new float[] {0.9f, 0.5f, 0.9f, 0.7f, 0.9f, 0.5f}, new Shape(1, 3, 1, 2));
      // Only the uncovered pixel counts: |0.7 − 0.5| in the green channel, over the 6 values.
      assertThat(Losses.background(background, truth, coverage).getFloat())
          .isCloseTo(0.2f / 6, within(1e-6f));
    }
  }

  @Test
  void theDepthLossOnlyCountsPixelsTheHeadCovers() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray coverage = m.create(new float[] {1f, 1f, 0f, 0.2f}, new Shape(1, 1, 2, 2));
      NDArray truth = m.create(new float[] {3f, 3f, 9f, 9f}, new Shape(1, 1, 2, 2));
      NDArray depth = m.create(new float[] {3.5f, 2.5f, 0f, 0f}, new Shape(1, 1, 2, 2));
      assertThat(Losses.depth(depth, truth, coverage).getFloat())
          .isCloseTo(0.5f * Losses.DEPTH_WEIGHT, within(1e-6f));
    }
  }

  @Test
  void downsamplingAveragesEachBlock() {
    float[] planes = {1, 2, 5, 6, 3, 4, 7, 8, 0, 0, 1, 1, 0, 0, 1, 1};
    assertThat(Planes.downsample(planes, 1, 4, 2)).containsExactly(2.5f, 6.5f, 0f, 1f);
  }

  @Test
  void quantisedImagesComeBackWithinHalfAGreyLevel() {
    float[] planes = {0f, 0.25f, 0.5f, 1f, 0.999f};
    float[] back = Planes.expand(Planes.quantise(planes));
    for (int i = 0; i < planes.length; i++) {
      assertThat(back[i]).isCloseTo(planes[i], within(0.5f / 255f + 1e-6f));
    }
  }
}
