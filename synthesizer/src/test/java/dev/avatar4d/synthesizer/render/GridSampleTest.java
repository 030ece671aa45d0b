package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GridSampleTest {

  private static final int N = 2;
  private static final int C = 3;
  private static final int H = 5;
  private static final int W = 7;
  private static final int HO = 4;
  private static final int WO = 6;

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void valuesMatchANaivePerPixelLoop(boolean alignCorners) {
    Random random = new Random(7);
    float[] input = randomArray(random, N * C * H * W, -1f, 1f);
    // Beyond ±1 so that border taps and fully outside points are exercised.
    float[] grid = randomArray(random, N * HO * WO * 2, -1.3f, 1.3f);

    NDArray out =
        GridSample.bilinear(
            manager.create(input, new Shape(N, C, H, W)),
            manager.create(grid, new Shape(N, HO, WO, 2)),
            alignCorners);

    assertThat(out.getShape()).isEqualTo(new Shape(N, C, HO, WO));
    float[] actual = out.toFloatArray();
    double[] expected = naiveForward(input, grid, alignCorners);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gradientsWrtTheInputMatchANaivePerPixelLoop(boolean alignCorners) {
    Random random = new Random(11);
    float[] input = randomArray(random, N * C * H * W, -1f, 1f);
    float[] grid = randomArray(random, N * HO * WO * 2, -1.2f, 1.2f);
    float[] upstream = randomArray(random, N * C * HO * WO, -1f, 1f);

    NDArray x = manager.create(input, new Shape(N, C, H, W));
    x.setRequiresGradient(true);
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDArray out =
          GridSample.bilinear(x, manager.create(grid, new Shape(N, HO, WO, 2)), alignCorners);
      NDArray loss = out.mul(manager.create(upstream, out.getShape())).sum();
      collector.backward(loss);
    }

    float[] actual = x.getGradient().toFloatArray();
    double[] expected = naiveInputGradient(grid, upstream, alignCorners);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void alignCornersTruePutsMinusOneAndPlusOneOnTheCornerPixelCentres() {
    NDArray image = manager.arange(0f, 12f).reshape(1, 1, 3, 4);
    NDArray grid = manager.create(new float[] {-1f, -1f, 1f, 1f}, new Shape(1, 1, 2, 2));

    float[] out = GridSample.bilinear(image, grid, true).toFloatArray();

    assertThat(out).containsExactly(0f, 11f);
  }

  @Test
  void alignCornersFalsePutsMinusOneOnTheOuterPixelEdgeAndPadsWithZeros() {
    NDArray image = manager.ones(new Shape(1, 1, 2, 2));
    // (-1,-1) is the outer corner: only one of its four taps lies inside, weight 1/4.
    // (-0.5,-0.5) is the centre of pixel (0,0): weight 1.
    NDArray grid = manager.create(new float[] {-1f, -1f, -0.5f, -0.5f}, new Shape(1, 1, 2, 2));

    float[] out = GridSample.bilinear(image, grid, false).toFloatArray();

    assertThat(out[0]).isCloseTo(0.25f, within(1e-6f));
    assertThat(out[1]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void pointsFarOutsideTheGridSampleZero() {
    NDArray image = manager.ones(new Shape(1, 2, 3, 3));
    NDArray grid = manager.create(new float[] {3f, 0f, 0f, -5f}, new Shape(1, 1, 2, 2));

    assertThat(GridSample.bilinear(image, grid, false).toFloatArray()).containsOnly(0f);
  }

  private static double ix(double x, int size, boolean alignCorners) {
    return alignCorners ? (x + 1) / 2 * (size - 1) : ((x + 1) * size - 1) / 2;
  }

  /** Calls {@code visitor} for every in-range tap: (n, outPixel, inY, inX, weight). */
  private static void forEachTap(float[] grid, boolean alignCorners, TapVisitor visitor) {
    for (int n = 0; n < N; n++) {
      for (int o = 0; o < HO * WO; o++) {
        double x = ix(grid[(n * HO * WO + o) * 2], W, alignCorners);
        double y = ix(grid[(n * HO * WO + o) * 2 + 1], H, alignCorners);
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        for (int dy = 0; dy <= 1; dy++) {
          for (int dx = 0; dx <= 1; dx++) {
            int xx = x0 + dx;
            int yy = y0 + dy;
            if (xx < 0 || xx >= W || yy < 0 || yy >= H) {
              continue;
            }
            double wx = dx == 0 ? 1 - (x - x0) : x - x0;
            double wy = dy == 0 ? 1 - (y - y0) : y - y0;
            visitor.visit(n, o, yy, xx, wx * wy);
          }
        }
      }
    }
  }

  private static double[] naiveForward(float[] input, float[] grid, boolean alignCorners) {
    double[] out = new double[N * C * HO * WO];
    forEachTap(
        grid,
        alignCorners,
        (n, o, y, x, weight) -> {
          for (int c = 0; c < C; c++) {
            out[(n * C + c) * HO * WO + o] += weight * input[((n * C + c) * H + y) * W + x];
          }
        });
    return out;
  }

  private static double[] naiveInputGradient(float[] grid, float[] upstream, boolean alignCorners) {
    double[] grad = new double[N * C * H * W];
    forEachTap(
        grid,
        alignCorners,
        (n, o, y, x, weight) -> {
          for (int c = 0; c < C; c++) {
            grad[((n * C + c) * H + y) * W + x] += weight * upstream[(n * C + c) * HO * WO + o];
          }
        });
    return grad;
  }

  private static float[] randomArray(Random random, int size, float lo, float hi) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = lo + (hi - lo) * random.nextFloat();
    }
    return a;
  }

  @FunctionalInterface
  private interface TapVisitor {
    void visit(int n, int outPixel, int y, int x, double weight);
  }
}
