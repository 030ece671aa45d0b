package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Samples triplane features at world-space points.
 *
 * <p>Points are scaled by 2/boxWarp and projected onto the planes in the order of the official
 * Portrait4D code: (x, y), (y, z), (z, x); the first coordinate of each pair indexes the plane's
 * width. Sampling is bilinear with zeros padding and align_corners=false; the three plane samples
 * are averaged.
 *
 * <p>The planes are first rearranged into one channels-last {@link Table} of rows; a sample is then
 * a single row gather of its 12 taps (3 planes × 4 corners) followed by one weighted sum, in which
 * the 1/3 of the plane mean and the zeros padding are folded into the tap weights. Compared with
 * one grid sample per corner, this touches each gathered row once and keeps the index arithmetic
 * on {@code (P, 3, 2)} arrays instead of per-corner {@code (3·P)} ones.
 */
public final class TriplaneSampler {

    private TriplaneSampler() {}

    /**
     * Triplanes laid out as rows of features, ready for sampling.
     *
     * @param rows {@code (B·3·H·W, C)}: row {@code ((b·3 + plane)·H + y)·W + x}
     * @param batch B, the number of plane sets
     * @param height H
     * @param width W
     * @param boxWarp side of the cube the planes span
     */
    public record Table(NDArray rows, long batch, long height, long width, float boxWarp) {

        /** Feature channels per plane. */
        public long channels() {
            return rows.getShape().get(1);
        }
    }

    /**
     * Rearranges {@code (B, 3, C, H, W)} planes into a {@link Table}, created on the planes'
     * manager. Differentiable w.r.t. the planes.
     */
    public static Table table(NDArray planes, float boxWarp) {
        Shape ps = planes.getShape();
        if (ps.dimension() != 5 || ps.get(1) != 3) {
            throw new IllegalArgumentException("planes must have shape (B,3,C,H,W), got " + ps);
        }
        long b = ps.get(0);
        long c = ps.get(2);
        long h = ps.get(3);
        long w = ps.get(4);
        NDArray rows = planes.reshape(b * 3, c, h, w).transpose(0, 2, 3, 1).reshape(b * 3 * h * w, c);
        return new Table(rows, b, h, w, boxWarp);
    }

    /**
     * @param planes {@code (B, 3, C, H, W)}, B = 1 (shared by every camera) or B = N
     * @param points {@code (N, P, 3)} world coordinates
     * @param boxWarp side of the cube the planes span
     * @return {@code (N, P, C)} mean of the three plane samples
     */
    public static NDArray sample(NDArray planes, NDArray points, float boxWarp) {
        return sample(table(planes, boxWarp), points, 0);
    }

    /**
     * Samples a prepared table.
     *
     * @param table the planes
     * @param points {@code (N, P, 3)} world coordinates
     * @param firstBatch the plane set of the points' first batch entry when the table holds one
     *     set per camera (entry i uses set {@code firstBatch + i}); ignored when it holds one set
     * @return {@code (N, P, C)}, created on the points' manager
     */
    public static NDArray sample(Table table, NDArray points, long firstBatch) {
        Shape s = points.getShape();
        if (s.dimension() != 3 || s.get(2) != 3) {
            throw new IllegalArgumentException("points must have shape (N,P,3), got " + s);
        }
        long n = s.get(0);
        long p = s.get(1);
        if (table.batch() != 1 && firstBatch + n > table.batch()) {
            throw new IllegalArgumentException(
                    "planes batch " + table.batch() + " must be 1 or the number of cameras " + n);
        }
        NDManager manager = points.getManager();
        long h = table.height();
        long w = table.width();

        NDArray scaled = points.mul(2f / table.boxWarp());
        Corners xs = corners(scaled, w);
        // Plane k takes its x from axis k and its y from axis k+1 (mod 3): (x,y), (y,z), (z,x).
        Corners ys = corners(scaled, h).rollAxes();

        NDArray local =
                ys.clamped().expandDims(-1).mul((float) w).add(xs.clamped().expandDims(-2))
                        .toType(DataType.INT64, false);
        NDArray index = local.add(rowOffsets(manager, table, n, firstBatch, h * w)).reshape(-1);
        NDArray weight =
                ys.weights().expandDims(-1).mul(xs.weights().expandDims(-2)).div(3f).reshape(n, p, 12, 1);

        NDArray taps = table.rows().get(new NDIndex("{}", index)).reshape(n, p, 12, table.channels());
        return taps.mul(weight).sum(new int[] {2});
    }

    /**
     * First row of each (point batch, plane) in the table, shaped {@code (N, 1, 3, 1, 1)} to
     * broadcast over the {@code (N, P, 3, 2, 2)} corner indices. Exact int64 arithmetic.
     */
    private static NDArray rowOffsets(
            NDManager manager, Table table, long n, long firstBatch, long planeRows) {
        long[] offsets = new long[(int) n * 3];
        for (int i = 0; i < n; i++) {
            long set = table.batch() == 1 ? 0 : firstBatch + i;
            for (int k = 0; k < 3; k++) {
                offsets[i * 3 + k] = (set * 3 + k) * planeRows;
            }
        }
        return manager.create(offsets, new Shape(n, 1, 3, 1, 1));
    }

    /**
     * The two bilinear neighbours along every axis of every point.
     *
     * @param clamped {@code (N, P, 3, 2)} neighbour pixel indices (as floats) clamped into the
     *     plane, so that every gather is in bounds
     * @param weights {@code (N, P, 3, 2)} linear weights, zero for neighbours outside the plane
     *     (zeros padding)
     */
    private record Corners(NDArray clamped, NDArray weights) {

        /** Reorders the axis dimension to (y, z, x): the second coordinate of each plane. */
        Corners rollAxes() {
            return new Corners(roll(clamped), roll(weights));
        }

        private static NDArray roll(NDArray a) {
            return a.get(":, :, 1:").concat(a.get(":, :, :1"), 2);
        }
    }

    /** Neighbours of normalised coordinates {@code (N, P, 3)} on an axis of {@code size} pixels. */
    private static Corners corners(NDArray normalised, long size) {
        NDArray pixel = GridSample.unnormalize(normalised, size, false);
        NDArray lower = pixel.floor();
        NDArray upperWeight = pixel.sub(lower).expandDims(-1);
        NDArray weights = upperWeight.neg().add(1f).concat(upperWeight, -1);
        NDArray lowerCol = lower.expandDims(-1);
        NDArray neighbours = lowerCol.concat(lowerCol.add(1f), -1);
        NDArray inside = neighbours.gte(0f).logicalAnd(neighbours.lte(size - 1f));
        return new Corners(
                neighbours.clip(0f, size - 1f),
                weights.mul(inside.toType(weights.getDataType(), false)));
    }
}
