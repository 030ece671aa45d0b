package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * StyleGAN2's separable FIR resampling with the [1,3,3,1] kernel, written as depthwise
 * convolutions. The kernel is symmetric, so correlation and convolution agree.
 */
public final class Fir {

    private static final float[] TAPS = {1, 3, 3, 1};

    private Fir() {}

    /** The normalised 4×4 kernel (outer product / 64) times {@code gain}, repeated per channel. */
    static NDArray kernel(NDArray like, long channels, float gain) {
        float[] k = new float[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                k[i * 4 + j] = TAPS[i] * TAPS[j] / 64f * gain;
            }
        }
        float[] all = new float[(int) (16 * channels)];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(k, 0, all, c * 16, 16);
        }
        return like.getManager().create(all, new Shape(channels, 1, 4, 4));
    }

    /**
     * upfirdn2d.upsample2d: zero-insertion ×2, FIR with gain 4, output exactly 2H×2W (the engine
     * has no transposed convolution, so the zero insertion is explicit).
     */
    public static NDArray upsample2x(NDArray x) {
        long c = x.getShape().get(1);
        NDArray y = Conv2d.conv2d(
                        zeroInsert(x), kernel(x, c, 4f), null, new Shape(1, 1), new Shape(2, 2), new Shape(1, 1), (int) c)
                .singletonOrThrow();
        return dropFirstRowAndColumn(y);
    }

    /**
     * A stride-2 transposed 3×3 convolution (output 2H+1) followed by the FIR with gain 4 and
     * padding 1 (output 2H): StyleGAN2's up-conv.
     *
     * @param weight the conv weight {@code (out, in, 3, 3)} in the official (non-transposed) layout
     */
    public static NDArray upConv(NDArray x, NDArray weight) {
        // A transposed conv with (in,out) weight Wᵀ equals a correlation of the zero-inserted input
        // with W flipped in space.
        NDArray y = Conv2d.conv2d(
                        zeroInsert(x), weight.flip(2, 3), null, new Shape(1, 1), new Shape(2, 2), new Shape(1, 1), 1)
                .singletonOrThrow();
        y = dropFirstRowAndColumn(y);
        long c = y.getShape().get(1);
        return Conv2d.conv2d(y, kernel(y, c, 4f), null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), (int) c)
                .singletonOrThrow();
    }

    /** {@code (B,C,H,W)} → {@code (B,C,2H,2W)} with x at odd positions and zeros before each value. */
    static NDArray zeroInsert(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray cols = NDArrays.stack(new NDList(x.zerosLike(), x), 4).reshape(b, c, h, 2 * w);
        return NDArrays.stack(new NDList(cols.zerosLike(), cols), 3).reshape(b, c, 2 * h, 2 * w);
    }

    private static NDArray dropFirstRowAndColumn(NDArray y) {
        return y.get(new NDIndex(":, :, 1:, 1:"));
    }
}
