package dev.avatar4d.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
  private static final int SIZE = 32;

  private static float[] smoothImage(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double fx = 0.1 + 0.2 * rng.nextDouble();
    double fy = 0.1 + 0.2 * rng.nextDouble();
    float[] image = new float[3 * SIZE * SIZE];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < SIZE * SIZE; i++) {
        int x = i % SIZE;
        int y = i / SIZE;
        image[c * SIZE * SIZE + i] = (float) (0.5 + 0.4 * Math.sin(fx * x + c) * Math.cos(fy * y));
      }
    }
    return image;
  }

  private static float[] withNoise(float[] image, double amplitude, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] noisy = image.clone();
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] =
          (float) Math.max(0, Math.min(1, noisy[i] + amplitude * (2 * rng.nextDouble() - 1)));
    }
    return noisy;
  }

  @Test
  void identicalImagesHaveSsimOneInfinitePsnrAndNoL1() {
    float[] image = smoothImage(1);

    assertThat(ImageMetrics.ssim(image, image.clone(), 3, SIZE)).isCloseTo(1.0, within(1e-9));
    assertThat(ImageMetrics.psnr(image, image.clone())).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ImageMetrics.l1(image, image.clone())).isZero();
  }

  @Test
  void psnrOfAnErrorOfOneTenthEverywhereIsTwentyDecibels() {
    float[] a = new float[16];
    float[] b = new float[16];
    Arrays.fill(b, 0.1f);

    assertThat(ImageMetrics.psnr(a, b)).isCloseTo(20.0, within(1e-5));
    assertThat(ImageMetrics.l1(a, b)).isCloseTo(0.1, within(1e-7));
  }

  @Test
  void ssimOfTwoFlatImagesIsTheirLuminanceTerm() {
    float[] a = new float[SIZE * SIZE];
    float[] b = new float[SIZE * SIZE];
    Arrays.fill(a, 0.5f);
    Arrays.fill(b, 0.6f);
    double c1 = 1e-4;
    double expected = (2 * 0.5 * 0.6 + c1) / (0.25 + 0.36 + c1);

    assertThat(ImageMetrics.ssim(a, b, 1, SIZE)).isCloseTo(expected, within(1e-6));
  }

  @Test
  void moreNoiseLowersSsimAndPsnr() {
    float[] image = smoothImage(2);
    float[] slightly = withNoise(image, 0.05, 3);
    float[] heavily = withNoise(image, 0.3, 4);

    double ssimSlight = ImageMetrics.ssim(image, slightly, 3, SIZE);
    double ssimHeavy = ImageMetrics.ssim(image, heavily, 3, SIZE);

    assertThat(ssimSlight).isLessThan(0.99).isGreaterThan(ssimHeavy);
    assertThat(ssimHeavy).isLessThan(0.6);
    assertThat(ImageMetrics.psnr(image, slightly)).isGreaterThan(ImageMetrics.psnr(image, heavily));
  }

  @Test
  void anInvertedImageHasNegativeSsim() {
    float[] image = smoothImage(5);
    float[] inverted = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      inverted[i] = 1 - image[i];
    }

    assertThat(ImageMetrics.ssim(image, inverted, 3, SIZE)).isNegative();
  }

  @Test
  void maskedMeanAbsAveragesOnlyThePixelsAboveTheThreshold() {
    float[] a = {1, 2, 3, 4};
    float[] b = {1.5f, 2, 0, 10};
    float[] mask = {1, 0.9f, 0.2f, 0.5f};

    assertThat(ImageMetrics.maskedMeanAbs(a, b, mask, 0.5f)).isCloseTo(0.25, within(1e-9));
    assertThat(ImageMetrics.maskedMeanAbs(a, b, mask, 0.4f))
        .isCloseTo((0.5 + 0 + 6) / 3, within(1e-9));
    assertThat(ImageMetrics.maskedMeanAbs(a, b, mask, 1f)).isNaN();
  }

  @Test
  void ssimRefusesImagesSmallerThanItsWindowOrOfTheWrongLength() {
    assertThatThrownBy(() -> ImageMetrics.ssim(new float[100], new float[100], 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageMetrics.ssim(new float[3 * 256], new float[3 * 256], 1, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
