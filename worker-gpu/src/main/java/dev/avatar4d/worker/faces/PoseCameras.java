package dev.avatar4d.worker.faces;

import dev.avatar4d.faces.pose.HeadPose;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a head rotation to the requested views. Turning the head by {@code H} (a rotation in a
 * view's camera frame) looks the same as moving that camera by the inverse rotation about the
 * head's pivot, so the network's canonical head is left alone and each camera moves instead: its
 * cam2world rotation {@code Rv} becomes {@code Rv · Hᵀ} and its position turns with it.
 */
public final class PoseCameras {

  private static final double[] PIVOT = {0, Cameras.PIVOT_HEIGHT, 0};

  private PoseCameras() {}

  /**
   * The head rotation a frame is rendered with. The network builds the head in its own, frontal
   * frame whatever the source's pose (the paper's {@code use_neck=False}, and our stage 2 renders
   * its targets with {@code HeadShape.unposedView} of the driving pose), so a pose is applied
   * whole, not relative to the source's.
   */
  public static double[] headRotation(PoseMode mode, HeadPose source, HeadPose frame) {
    return switch (mode) {
      case DRIVING -> frame.rotation();
      case SOURCE -> source.rotation();
      case FIXED -> HeadPose.FRONTAL.rotation();
    };
  }

  /** Every view camera moved so that it sees the head turned by {@code head} (row-major 3×3). */
  public static List<Camera> posed(List<Camera> views, double[] head) {
    List<Camera> out = new ArrayList<>(views.size());
    double[] headT = transpose(head);
    for (Camera view : views) {
      out.add(posed(view, headT));
    }
    return out;
  }

  private static Camera posed(Camera view, double[] headT) {
    float[] c2w = view.cam2world();
    double[] rv = new double[9];
    double[] offset = new double[3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        rv[r * 3 + c] = c2w[r * 4 + c];
      }
      offset[r] = c2w[r * 4 + 3] - PIVOT[r];
    }
    // The world rotation Q = Rv H Rv^T moves the head; the camera takes Q^T instead.
    double[] qT = multiply(multiply(rv, headT), transpose(rv));
    double[] rotation = multiply(qT, rv);
    float[] out = new float[16];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[r * 4 + c] = (float) rotation[r * 3 + c];
      }
      double moved = 0;
      for (int k = 0; k < 3; k++) {
        moved += qT[r * 3 + k] * offset[k];
      }
      out[r * 4 + 3] = (float) (PIVOT[r] + moved);
    }
    out[15] = 1f;
    return new Camera(out, view.intrinsics());
  }

  static double[] multiply(double[] a, double[] b) {
    double[] m = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += a[r * 3 + k] * b[k * 3 + c];
        }
        m[r * 3 + c] = s;
      }
    }
    return m;
  }

  static double[] transpose(double[] a) {
    return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
  }
}
