package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Samples triplane features at world-space points.
 *
 * <p>Points are scaled by 2/boxWarp and projected onto the planes in the order of the official
 * Portrait4D code: (x, y), (y, z), (z, x); the first coordinate of each pair indexes the plane's
 * width. Sampling is bilinear with zeros padding and align_corners=false; the three plane samples
 * are averaged.
 *
 * <p>The planes are first rearranged into one {@link Table} whose row at pixel (y, x) holds the
 * four bilinear corners (y, x), (y, x+1), (y+1, x), (y+1, x+1) of a zero-padded plane, channels
 * last. A sample then costs one row gather per plane and one small matrix product with its 12 tap
 * weights, into which the 1/3 of the plane mean and the zeros padding are folded. One gather per
 * corner instead copies four times as many (four times shorter) rows, and row count, not bytes, is
 * what a gather pays for.
 */
public final class TriplaneSampler {

  private TriplaneSampler() {}

  /**
   * Triplanes laid out as rows of bilinear corner quadruples, ready for sampling.
   *
   * @param rows {@code (B·3·(H+1)·(W+1), 4·C)}: row {@code ((b·3 + plane)·(H+1) + y+1)·(W+1) + x+1}
   *     holds the corners of the cell whose top-left pixel is (y, x), for y, x ∈ [−1, H−1] × [−1,
   *     W−1]; pixels outside the plane are zero
   * @param batch B, the number of plane sets
   * @param height H
   * @param width W
   * @param channels C
   * @param boxWarp side of the cube the planes span
   */
  public record Table(
      NDArray rows, long batch, long height, long width, long channels, float boxWarp) {}

  /**
   * Rearranges {@code (B, 3, C, H, W)} planes into a {@link Table}, created on the planes' manager.
   * Differentiable w.r.t. the planes.
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
    NDArray flat = planes.reshape(b * 3, c, h, w);
    NDArray zeroColumn = flat.zerosLike().get(":, :, :, :1");
    NDArray padded = zeroColumn.concat(flat, 3).concat(zeroColumn, 3);
    NDArray zeroRow = padded.zerosLike().get(":, :, :1, :");
    padded = zeroRow.concat(padded, 2).concat(zeroRow, 2);
    String top = ":, :, :" + (h + 1);
    String bottom = ":, :, 1:";
    NDArray corners =
        NDArrays.stack(
            new NDList(
                padded.get(top + ", :" + (w + 1)),
                padded.get(top + ", 1:"),
                padded.get(bottom + ", :" + (w + 1)),
                padded.get(bottom + ", 1:")),
            1);
    NDArray rows = corners.transpose(0, 3, 4, 1, 2).reshape(b * 3 * (h + 1) * (w + 1), 4 * c);
    return new Table(rows, b, h, w, c, boxWarp);
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
   * @param firstBatch the plane set of the points' first batch entry when the table holds one set
   *     per camera (entry i uses set {@code firstBatch + i}); ignored when it holds one set
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

    NDArray cell = ys.cell().mul((float) (w + 1)).add(xs.cell()).toType(DataType.INT64, false);
    NDArray index = cell.add(rowOffsets(manager, table, n, firstBatch, (h + 1) * (w + 1)));
    NDArray weight =
        ys.weights().expandDims(-1).mul(xs.weights().expandDims(-2)).div(3f).reshape(n * p, 1, 12);
    NDArray taps =
        index
            .getNDArrayInternal()
            .embedding(index.reshape(-1), table.rows(), SparseFormat.DENSE)
            .singletonOrThrow()
            .reshape(n * p, 12, table.channels());
    return weight.matMul(taps).reshape(n, p, table.channels());
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
    return manager.create(offsets, new Shape(n, 1, 3));
  }

  /**
   * The bilinear cell of every point along every axis.
   *
   * @param cell {@code (N, P, 3)} lower neighbour + 1 (the padded table's coordinate) as floats,
   *     clamped to the table, so that every gather is in bounds
   * @param weights {@code (N, P, 3, 2)} linear weights of the lower and upper neighbour, zero for
   *     neighbours outside the plane (zeros padding)
   */
  private record Corners(NDArray cell, NDArray weights) {

    /** Reorders the axis dimension to (y, z, x): the second coordinate of each plane. */
    Corners rollAxes() {
      return new Corners(roll(cell), roll(weights));
    }

    private static NDArray roll(NDArray a) {
      return a.get(":, :, 1:").concat(a.get(":, :, :1"), 2);
    }
  }

  /** Cells of normalised coordinates {@code (N, P, 3)} on an axis of {@code size} pixels. */
  private static Corners corners(NDArray normalised, long size) {
    NDArray pixel = GridSample.unnormalize(normalised, size, false);
    NDArray lower = pixel.floor();
    NDArray upperWeight = pixel.sub(lower).expandDims(-1);
    NDArray weights = upperWeight.neg().add(1f).concat(upperWeight, -1);
    NDArray lowerCol = lower.expandDims(-1);
    NDArray neighbours = lowerCol.concat(lowerCol.add(1f), -1);
    NDArray inside = neighbours.gte(0f).logicalAnd(neighbours.lte(size - 1f));
    // A cell whose corners are both outside has zero weights, so clamping it is harmless.
    return new Corners(
        lower.add(1f).clip(0f, (float) size),
        weights.mul(inside.toType(weights.getDataType(), false)));
  }
}
