package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Samples triplane features at world-space points.
 *
 * <p>Points are scaled by 2/boxWarp and projected onto the planes in the order of the official
 * Portrait4D code: (x, y), (y, z), (z, x); the first coordinate of each pair indexes the plane's
 * width. Sampling is bilinear with zeros padding and align_corners=false; the three plane samples
 * are averaged.
 */
public final class TriplaneSampler {

    private TriplaneSampler() {}

    /**
     * @param planes {@code (B, 3, C, H, W)}, B = 1 (shared by every camera) or B = N
     * @param points {@code (N, P, 3)} world coordinates
     * @param boxWarp side of the cube the planes span
     * @return {@code (N, P, C)} mean of the three plane samples
     */
    public static NDArray sample(NDArray planes, NDArray points, float boxWarp) {
        Shape ps = planes.getShape();
        if (ps.dimension() != 5 || ps.get(1) != 3) {
            throw new IllegalArgumentException("planes must have shape (B,3,C,H,W), got " + ps);
        }
        long b = ps.get(0);
        long c = ps.get(2);
        long n = points.getShape().get(0);
        long p = points.getShape().get(1);
        if (b != 1 && b != n) {
            throw new IllegalArgumentException(
                    "planes batch " + b + " must be 1 or the number of cameras " + n);
        }
        // With one set of planes every camera's points form one long point list, so the planes
        // are never copied per camera.
        NDArray pts = points.reshape(b, n / b * p, 3).mul(2f / boxWarp);
        NDArray x = pts.get(":, :, 0:1");
        NDArray y = pts.get(":, :, 1:2");
        NDArray z = pts.get(":, :, 2:3");
        NDArray grid =
                NDArrays.stack(new NDList(x.concat(y, 2), y.concat(z, 2), z.concat(x, 2)), 1)
                        .reshape(b * 3, n / b * p, 2);
        NDArray channelsLast =
                planes.reshape(b * 3, c, ps.get(3), ps.get(4)).transpose(0, 2, 3, 1);
        NDArray sampled = GridSample.bilinearChannelsLast(channelsLast, grid, false);
        return sampled.reshape(b, 3, n / b * p, c).mean(new int[] {1}).reshape(n, p, c);
    }
}
