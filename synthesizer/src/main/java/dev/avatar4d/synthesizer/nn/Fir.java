package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv2dTranspose;

/**
 * StyleGAN2's separable FIR resampling with the [1,3,3,1] kernel, written as depthwise
 * (transposed) convolutions. The kernel is symmetric, so correlation and convolution agree.
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
     * upfirdn2d.upsample2d: zero-insertion ×2, FIR with gain 4, output exactly 2H×2W. Equal to a
     * depthwise stride-2 transposed convolution with padding 1.
     */
    public static NDArray upsample2x(NDArray x) {
        long c = x.getShape().get(1);
        return Conv2dTranspose.conv2dTranspose(
                        x, kernel(x, c, 4f), null, new Shape(2, 2), new Shape(1, 1), new Shape(0, 0),
                        new Shape(1, 1), (int) c)
                .singletonOrThrow();
    }

    /** FIR filtering with gain 4 and padding 1 on every side (shrinks each side by 1). */
    public static NDArray blurAfterTransposedConv(NDArray x) {
        long c = x.getShape().get(1);
        return Conv2d.conv2d(
                        x, kernel(x, c, 4f), null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), (int) c)
                .singletonOrThrow();
    }
}
