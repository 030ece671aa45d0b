package dev.avatar4d.synthesizer.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The marching-cubes case table: for each of the 256 inside/outside patterns of a cell's eight
 * corners, the triangles that separate them, as triples of cell edges. It is built here from the
 * cube's geometry rather than copied:
 *
 * <ol>
 *   <li>an edge is crossed when its two corners differ;
 *   <li>on each of the six faces the crossed edges are joined in pairs by segments. A face with two
 *       crossed edges has one segment. A face with four (diagonal corners alike, the ambiguous
 *       face) has two, and the rule is fixed: <b>inside corners are kept apart</b>, each segment
 *       cutting off one inside corner. The rule looks only at the face's own corners, so the two
 *       cells sharing a face draw the same segments and the surface has no cracks;
 *   <li>each segment is directed so that, seen from outside the cell, the face's inside part lies
 *       on its right; every crossed edge then starts one segment and ends one, and the segments
 *       link into closed loops;
 *   <li>each loop is cut into triangles by diagonals that never join two edges of a common face.
 *       Two cells share only edges of their common face, so no diagonal is ever drawn by two cells,
 *       and every mesh edge belongs to exactly two triangles. Triangles keep the loop's order,
 *       which winds counter-clockwise seen from the outside (low values).
 * </ol>
 *
 * <p>Corner {@code c} sits at offset {@code (c & 1, c >> 1 & 1, c >> 2 & 1)}; bit {@code c} of a
 * case is set when that corner is inside. Edge {@code 4·axis + k} runs along {@code axis} from
 * corner {@link #edgeStart} to {@code edgeStart | 1 << axis}.
 */
public final class CubeCases {

  /** Number of cell edges. */
  public static final int EDGES = 12;

  private static final int[] EDGE_START = new int[EDGES];
  private static final int[][] TRIANGLES = new int[256][];

  static {
    for (int axis = 0; axis < 3; axis++) {
      int k = 0;
      for (int c = 0; c < 8; c++) {
        if ((c >> axis & 1) == 0) {
          EDGE_START[4 * axis + k++] = c;
        }
      }
    }
    for (int mask = 0; mask < 256; mask++) {
      TRIANGLES[mask] = build(mask);
    }
  }

  private CubeCases() {}

  /** The corner edge {@code e} starts at (its low end along its axis). */
  public static int edgeStart(int e) {
    return EDGE_START[e];
  }

  /** The corner edge {@code e} ends at. */
  public static int edgeEnd(int e) {
    return EDGE_START[e] | 1 << edgeAxis(e);
  }

  /** The axis edge {@code e} runs along: 0 x, 1 y, 2 z. */
  public static int edgeAxis(int e) {
    return e / 4;
  }

  /**
   * The triangles of case {@code mask}: three edge indices each, flattened; counter-clockwise seen
   * from outside. The caller must not modify the array.
   */
  public static int[] triangles(int mask) {
    return TRIANGLES[mask];
  }

  private static int[] build(int mask) {
    int[] next = new int[EDGES];
    Arrays.fill(next, -1);
    for (int axis = 0; axis < 3; axis++) {
      for (int side = 0; side < 2; side++) {
        for (int[] segment : faceSegments(mask, axis, side)) {
          if (next[segment[0]] >= 0) {
            throw new IllegalStateException("edge " + segment[0] + " starts two segments");
          }
          next[segment[0]] = segment[1];
        }
      }
    }
    List<Integer> triangles = new ArrayList<>();
    boolean[] used = new boolean[EDGES];
    for (int e = 0; e < EDGES; e++) {
      if (next[e] < 0 || used[e]) {
        continue;
      }
      List<Integer> loop = new ArrayList<>();
      for (int v = e; !used[v]; v = next[v]) {
        used[v] = true;
        loop.add(v);
      }
      if (!triangulate(loop, triangles)) {
        throw new IllegalStateException("no crack-free triangulation of case " + mask);
      }
    }
    return triangles.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The directed segments on the face {@code axis = side} of case {@code mask}. */
  private static List<int[]> faceSegments(int mask, int axis, int side) {
    int u = (axis + 1) % 3;
    int v = (axis + 2) % 3;
    // The face's corners in cyclic order around it.
    int base = side << axis;
    int[] ring = {base, base | 1 << u, base | 1 << u | 1 << v, base | 1 << v};
    List<Integer> crossed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int a = ring[i];
      int b = ring[(i + 1) % 4];
      if (inside(mask, a) != inside(mask, b)) {
        crossed.add(edgeBetween(a, b));
      }
    }
    List<int[]> segments = new ArrayList<>();
    if (crossed.size() == 2) {
      segments.add(
          directed(crossed.get(0), crossed.get(1), insideCentroid(mask, ring), axis, side));
    } else if (crossed.size() == 4) {
      for (int i = 0; i < 4; i++) {
        int corner = ring[i];
        if (inside(mask, corner)) {
          int before = edgeBetween(ring[(i + 3) % 4], corner);
          int after = edgeBetween(corner, ring[(i + 1) % 4]);
          segments.add(directed(before, after, position(corner), axis, side));
        }
      }
    }
    return segments;
  }

  /**
   * Directs segment a–b so that the inside point lies on its right seen from outside the cell: the
   * cross product (b − a) × (inside − a) points into the cell.
   */
  private static int[] directed(int a, int b, double[] inside, int axis, int side) {
    double[] pa = midpoint(a);
    double[] pb = midpoint(b);
    double[] ab = {pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]};
    double[] ai = {inside[0] - pa[0], inside[1] - pa[1], inside[2] - pa[2]};
    double[] cross = {
      ab[1] * ai[2] - ab[2] * ai[1], ab[2] * ai[0] - ab[0] * ai[2], ab[0] * ai[1] - ab[1] * ai[0]
    };
    double outward = side == 0 ? -1 : 1;
    return cross[axis] * outward < 0 ? new int[] {a, b} : new int[] {b, a};
  }

  /**
   * Adds triangles for {@code loop} whose diagonals never join two edges of one face, searching the
   * polygon's triangulations (loops have at most a handful of vertices). Returns false when none
   * exists.
   */
  private static boolean triangulate(List<Integer> loop, List<Integer> out) {
    int n = loop.size();
    if (n == 3) {
      out.addAll(loop);
      return true;
    }
    // The triangle on the closing side (first, last) takes some apex k; both halves recurse.
    for (int k = 1; k < n - 1; k++) {
      if ((k > 1 && shareFace(loop.get(0), loop.get(k)))
          || (k < n - 2 && shareFace(loop.get(k), loop.get(n - 1)))) {
        continue;
      }
      List<Integer> attempt = new ArrayList<>(List.of(loop.get(0), loop.get(k), loop.get(n - 1)));
      if (k > 1 && !triangulate(loop.subList(0, k + 1), attempt)) {
        continue;
      }
      if (k < n - 2 && !triangulate(loop.subList(k, n), attempt)) {
        continue;
      }
      out.addAll(attempt);
      return true;
    }
    return false;
  }

  /** Whether two distinct edges lie on a common face of the cell. */
  static boolean shareFace(int e, int f) {
    int[] a = {edgeStart(e), edgeEnd(e)};
    int[] b = {edgeStart(f), edgeEnd(f)};
    for (int axis = 0; axis < 3; axis++) {
      for (int side = 0; side < 2; side++) {
        if (onFace(a, axis, side) && onFace(b, axis, side)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean onFace(int[] corners, int axis, int side) {
    for (int c : corners) {
      if ((c >> axis & 1) != side) {
        return false;
      }
    }
    return true;
  }

  private static boolean inside(int mask, int corner) {
    return (mask >> corner & 1) != 0;
  }

  private static int edgeBetween(int a, int b) {
    int low = Math.min(a, b);
    int axis = Integer.numberOfTrailingZeros(a ^ b);
    for (int e = 4 * axis; e < 4 * axis + 4; e++) {
      if (EDGE_START[e] == low) {
        return e;
      }
    }
    throw new IllegalArgumentException("corners " + a + " and " + b + " are not neighbours");
  }

  private static double[] insideCentroid(int mask, int[] ring) {
    double[] sum = new double[3];
    int count = 0;
    for (int corner : ring) {
      if (inside(mask, corner)) {
        double[] p = position(corner);
        for (int k = 0; k < 3; k++) {
          sum[k] += p[k];
        }
        count++;
      }
    }
    for (int k = 0; k < 3; k++) {
      sum[k] /= count;
    }
    return sum;
  }

  static double[] position(int corner) {
    return new double[] {corner & 1, corner >> 1 & 1, corner >> 2 & 1};
  }

  static double[] midpoint(int e) {
    double[] a = position(edgeStart(e));
    double[] b = position(edgeEnd(e));
    return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
  }
}
