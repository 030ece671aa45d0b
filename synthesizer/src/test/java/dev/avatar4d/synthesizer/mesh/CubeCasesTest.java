package dev.avatar4d.synthesizer.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CubeCasesTest {

  @Test
  void theTwelveEdgesJoinEveryPairOfNeighbouringCornersOnce() {
    Set<String> pairs = new HashSet<>();
    for (int e = 0; e < CubeCases.EDGES; e++) {
      int a = CubeCases.edgeStart(e);
      int b = CubeCases.edgeEnd(e);
      assertThat(Integer.bitCount(a ^ b)).isEqualTo(1);
      assertThat(a ^ b).isEqualTo(1 << CubeCases.edgeAxis(e));
      pairs.add(a + "-" + b);
    }
    assertThat(pairs).hasSize(12);
  }

  @Test
  void aCellAllInsideOrAllOutsideHasNoTriangles() {
    assertThat(CubeCases.triangles(0)).isEmpty();
    assertThat(CubeCases.triangles(255)).isEmpty();
  }

  @Test
  void everyCaseUsesExactlyItsCrossedEdges() {
    for (int mask = 0; mask < 256; mask++) {
      Set<Integer> crossed = new HashSet<>();
      for (int e = 0; e < CubeCases.EDGES; e++) {
        if ((mask >> CubeCases.edgeStart(e) & 1) != (mask >> CubeCases.edgeEnd(e) & 1)) {
          crossed.add(e);
        }
      }
      Set<Integer> used = new HashSet<>();
      for (int e : CubeCases.triangles(mask)) {
        used.add(e);
      }
      assertThat(used).as("case %d", mask).isEqualTo(crossed);
    }
  }

  @Test
  void withinACellSegmentsOnFacesHaveOneTriangleAndInnerDiagonalsTwoWoundOppositely() {
    for (int mask = 0; mask < 256; mask++) {
      int[] t = CubeCases.triangles(mask);
      Map<String, Integer> directed = new HashMap<>();
      for (int i = 0; i < t.length; i += 3) {
        for (int k = 0; k < 3; k++) {
          int a = t[i + k];
          int b = t[i + (k + 1) % 3];
          assertThat(directed.merge(a + ">" + b, 1, Integer::sum)).as("case %d", mask).isOne();
        }
      }
      for (String edge : directed.keySet()) {
        String[] ab = edge.split(">");
        int a = Integer.parseInt(ab[0]);
        int b = Integer.parseInt(ab[1]);
        boolean reversed = directed.containsKey(b + ">" + a);
        // An edge between two cell edges of one face is a segment the neighbour cell shares; any
        // other is a diagonal inside this cell and must be closed here.
        assertThat(reversed)
            .as("case %d edge %s", mask, edge)
            .isEqualTo(!CubeCases.shareFace(a, b));
      }
    }
  }

  @Test
  void aSingleInsideCornerIsCutOffByOneTriangleFacingAwayFromIt() {
    for (int corner = 0; corner < 8; corner++) {
      int[] t = CubeCases.triangles(1 << corner);
      assertThat(t).hasSize(3);
      double[] normal = normal(t[0], t[1], t[2]);
      double[] c = CubeCases.position(corner);
      double[] away = {0.5 - c[0], 0.5 - c[1], 0.5 - c[2]};
      assertThat(dot(normal, away)).isPositive();
      // The complement (one corner outside) is the same triangle facing the other way.
      int[] u = CubeCases.triangles(255 & ~(1 << corner));
      assertThat(dot(normal(u[0], u[1], u[2]), away)).isNegative();
    }
  }

  @Test
  void onAnAmbiguousFaceTheInsideCornersAreKeptApart() {
    // Corners 0 and 3 inside, 1 and 2 outside: the z = 0 face is ambiguous. Kept apart, each inside
    // corner is cut off by its own triangle.
    int[] t = CubeCases.triangles(1 | 1 << 3);
    assertThat(t).hasSize(6);
  }

  private static double[] normal(int a, int b, int c) {
    double[] pa = CubeCases.midpoint(a);
    double[] pb = CubeCases.midpoint(b);
    double[] pc = CubeCases.midpoint(c);
    double[] u = {pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]};
    double[] v = {pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2]};
    return new double[] {
      u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]
    };
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
