package dev.avatar4d.faces.align;

import dev.avatar4d.faces.geom.Point;
import java.util.List;

/**
 * The POS fit of Deep3DFaceRecon: least squares of 2-D points on an affine camera of 3-D template
 * points, {@code x' = R1·X + sTx}, {@code y' = R2·X + sTy} (the two rows solve independently).
 *
 * @param r1 first row of the affine camera
 * @param r2 second row
 * @param tx translation x (image units of the fit)
 * @param ty translation y
 */
public record PosFit(double[] r1, double[] r2, double tx, double ty) {

  /** Fits {@code image} (2-D, any y convention) to {@code model} (3-D, same order, ≥ 4 points). */
  public static PosFit fit(List<Point> image, double[][] model) {
    int n = image.size();
    if (n != model.length || n < 4) {
      throw new IllegalArgumentException("need matching lists of at least 4 points");
    }
    double[][] ata = new double[4][4];
    double[] atx = new double[4];
    double[] aty = new double[4];
    for (int i = 0; i < n; i++) {
      double[] a = {model[i][0], model[i][1], model[i][2], 1};
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          ata[r][c] += a[r] * a[c];
        }
        atx[r] += a[r] * image.get(i).x();
        aty[r] += a[r] * image.get(i).y();
      }
    }
    double[] kx = solve4(ata, atx);
    double[] ky = solve4(ata, aty);
    return new PosFit(
        new double[] {kx[0], kx[1], kx[2]}, new double[] {ky[0], ky[1], ky[2]}, kx[3], ky[3]);
  }

  /** The fit's scale, {@code (|R1| + |R2|) / 2}: image units per template unit. */
  public double scale() {
    return (norm(r1) + norm(r2)) / 2;
  }

  /** The Euclidean length of a 3-vector. */
  public static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  /** Gaussian elimination with partial pivoting on a 4×4 system. */
  static double[] solve4(double[][] a0, double[] b0) {
    int n = 4;
    double[][] a = new double[n][];
    double[] b = b0.clone();
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      if (Math.abs(a[piv][col]) < 1e-12) {
        throw new IllegalArgumentException("degenerate point set");
      }
      double[] tr = a[col];
      a[col] = a[piv];
      a[piv] = tr;
      double tb = b[col];
      b[col] = b[piv];
      b[piv] = tb;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= f * a[col][c];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
