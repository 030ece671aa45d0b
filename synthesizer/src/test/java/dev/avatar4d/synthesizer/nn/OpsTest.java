package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsTest {

  private NDManager m;

  @BeforeEach
  void open() {
    m = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    m.close();
  }

  @Test
  void bilinearWithAlignedCornersKeepsTheCornerValuesAndInterpolatesBetween() {
    NDArray x = m.create(new float[] {0, 3}, new Shape(1, 1, 1, 2));
    float[] y = Resample.bilinear(x, 1, 4, true).toFloatArray();
    assertThat(y).containsExactly(0f, 1f, 2f, 3f);
  }

  @Test
  void bilinearWithoutAlignedCornersMatchesPyTorchsHalfPixelConvention() {
    NDArray x = m.create(new float[] {0, 4}, new Shape(1, 1, 1, 2));
    // F.interpolate([0, 4], size=4, mode='bilinear', align_corners=False) = [0, 1, 3, 4]
    float[] y = Resample.bilinear(x, 1, 4, false).toFloatArray();
    assertThat(y).containsExactly(0f, 1f, 3f, 4f);
  }

  @Test
  void bilinearDownsamplingWithoutAlignedCornersAveragesNeighbourPairs() {
    NDArray x = m.create(new float[] {0, 2, 4, 6}, new Shape(1, 1, 1, 4));
    assertThat(Resample.bilinear(x, 1, 2, false).toFloatArray()).containsExactly(1f, 5f);
  }

  @Test
  void pixelShuffleMovesChannelBlocksIntoSpace() {
    NDArray x = m.arange(0f, 8f).reshape(1, 8, 1, 1);
    NDArray y = Ops.pixelShuffle(x, 2);
    assertThat(y.getShape()).isEqualTo(new Shape(1, 2, 2, 2));
    // PyTorch: out[c, i, j] = in[c·4 + i·2 + j]
    assertThat(y.toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void addCoordAppendsXThenYFromMinusOneToOne() {
    NDArray y = Ops.addCoord(m.zeros(new Shape(1, 1, 2, 3)));
    float[] v = y.toFloatArray();
    assertThat(y.getShape()).isEqualTo(new Shape(1, 3, 2, 3));
    assertThat(new float[] {v[6], v[7], v[8], v[9], v[10], v[11]})
        .containsExactly(-1, 0, 1, -1, 0, 1);
    assertThat(new float[] {v[12], v[13], v[14], v[15], v[16], v[17]})
        .containsExactly(-1, -1, -1, 1, 1, 1);
  }

  @Test
  void geluUsesTheExactErfForm() {
    float g = Ops.gelu(m.create(new float[] {1f})).getFloat(0);
    assertThat(g).isCloseTo(0.8413447f, within(1e-6f));
  }

  @Test
  void nearestUpsamplingRepeatsEachPixel() {
    NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
    assertThat(Ops.nearest2x(x).toFloatArray())
        .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
  }
}
