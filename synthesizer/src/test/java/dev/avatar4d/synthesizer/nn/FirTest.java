package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FirTest {

  @Test
  void polyphaseUpConvEqualsZeroInsertionConvThenFilter() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 5, 7, 6));
      NDArray w = m.randomNormal(new Shape(4, 5, 3, 3));
      NDArray b = m.randomNormal(new Shape(4));
      NDArray fast = Fir.upConv(x, w, b);
      NDArray slow = Fir.upConvReference(x, w, b);
      assertThat(fast.getShape()).isEqualTo(new Shape(2, 4, 14, 12));
      assertThat(fast.sub(slow).abs().max().getFloat()).isLessThan(1e-4f);
    }
  }

  @Test
  void transposedConvolutionOfAnImpulseIsTheKernelPlacedAtTwiceThePosition() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] img = new float[5 * 5];
      img[2 * 5 + 2] = 1f;
      NDArray x = m.create(img, new Shape(1, 1, 5, 5));
      float[] k = new float[9];
      k[0] = 1f; // top-left tap only
      NDArray w = m.create(k, new Shape(1, 1, 3, 3));
      // Transposed conv puts w[0,0] at output (4,4); the FIR then spreads it over rows/cols
      // 3..6 of the padded-by-one frame, i.e. output rows 2..5 with weights [1,3,3,1]/8 each way.
      float[] y = Fir.upConvReference(x, w, null).toFloatArray();
      float[] taps = {1 / 8f, 3 / 8f, 3 / 8f, 1 / 8f};
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          assertThat(y[(2 + r) * 10 + 2 + c])
              .isCloseTo(taps[r] * taps[c] * 4f, org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    }
  }

  @Test
  void rgbUpsamplingPreservesAConstantImageAwayFromTheBorder() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(1, 3, 6, 6));
      float[] y = Fir.upsample2x(x).toFloatArray();
      assertThat(y[0 * 144 + 5 * 12 + 5]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }
}
