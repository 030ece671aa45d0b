package dev.avatar4d.trainer.heads;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.render.RaySampler;
import dev.avatar4d.synthesizer.render.Rays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SyntheticHeadsTest {
  private static final float BOX = ModelPreset.lite().render().boxWarp();
  private final SyntheticHeads world = new SyntheticHeads(42, BOX);

  @Test
  void theSameSeedGivesTheSamePixelsAndAnotherSeedOtherHeads() {
    HeadRender a =
        new SyntheticHeads(42, BOX)
            .multiView(SyntheticHeads.Split.TRAIN, 3, 0, 2, 48)
            .renders()
            .get(1);
    HeadRender b =
        new SyntheticHeads(42, BOX)
            .multiView(SyntheticHeads.Split.TRAIN, 3, 0, 2, 48)
            .renders()
            .get(1);
    HeadIdentity other = new SyntheticHeads(43, BOX).identity(SyntheticHeads.Split.TRAIN, 3);

    assertThat(a.rgb()).containsExactly(b.rgb());
    assertThat(a.depth()).containsExactly(b.depth());
    assertThat(other).isNotEqualTo(world.identity(SyntheticHeads.Split.TRAIN, 3));
  }

  @Test
  void heldOutIdentitiesAreNeverAmongTheTrainingIdentities() {
    Set<HeadIdentity> train = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      train.add(world.identity(SyntheticHeads.Split.TRAIN, i));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(train).doesNotContain(world.identity(SyntheticHeads.Split.HELD_OUT, i));
    }
    assertThat(train).hasSize(2000);
  }

  @Test
  void rendersUseTheSynthesizersRaysAndDepthRange() {
    Camera camera = CameraSampler.paper().sample(new java.util.SplittableRandom(5));
    int resolution = 16;
    try (NDManager manager = NDManager.newBaseManager()) {
      Rays rays = RaySampler.sample(manager, List.of(camera), resolution, BOX);
      float[] expected = rays.directions().toFloatArray();
      float[] c2w = camera.cam2world();
      float[] k = camera.intrinsics();
      for (int i = 0; i < resolution * resolution; i++) {
        double[] d =
            HeadRenderer.direction(
                c2w, k, (i % resolution + 0.5) / resolution, (i / resolution + 0.5) / resolution);
        for (int c = 0; c < 3; c++) {
          assertThat(d[c])
              .as("pixel %d axis %d", i, c)
              .isCloseTo(expected[i * 3 + c], org.assertj.core.data.Offset.offset(1e-5));
        }
      }
      assertThat(world.renderer().near(camera))
          .isCloseTo(rays.near().getFloat(0, 0, 0), org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(world.renderer().far(camera))
          .isCloseTo(rays.far().getFloat(0, 0, 0), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void depthSeenFromOneCameraAgreesWithWhatAnotherCameraSees() {
    HeadIdentity id = world.identity(SyntheticHeads.Split.TRAIN, 1);
    Camera front = Cameras.front();
    Camera side = CameraSampler.camera(0.35, 0.1, 0, 4.2, new double[] {0, 0, 0});
    int res = 64;
    HeadRender a = world.render(id, Expression.NEUTRAL, HeadPose.FRONT, front, res);
    HeadRender b = world.render(id, Expression.NEUTRAL, HeadPose.FRONT, side, res);
    int checked = 0;
    int agree = 0;
    for (int i = 0; i < res * res; i++) {
      if (a.mask()[i] < 1) {
        continue;
      }
      double[] d =
          HeadRenderer.direction(
              front.cam2world(), front.intrinsics(), (i % res + 0.5) / res, (i / res + 0.5) / res);
      float[] o = front.position();
      double[] p = {
        o[0] + a.depth()[i] * d[0], o[1] + a.depth()[i] * d[1], o[2] + a.depth()[i] * d[2]
      };
      int j = project(side, p, res);
      if (j < 0 || b.mask()[j] < 1) {
        continue;
      }
      float[] s = side.position();
      double distance = Math.sqrt(Sdf.sq(p[0] - s[0]) + Sdf.sq(p[1] - s[1]) + Sdf.sq(p[2] - s[2]));
      checked++;
      if (Math.abs(distance - b.depth()[j]) < 0.03) {
        agree++;
      }
    }
    System.out.printf(
        "depth agreement front -> side view: %d of %d surface pixels within 0.03%n",
        agree, checked);

    assertThat(checked).isGreaterThan(1000);
    // Points hidden from the side camera (the far cheek) legitimately disagree.
    assertThat((double) agree / checked).isGreaterThan(0.8);
  }

  @Test
  void openingTheJawChangesTheMouthButNotTheHair() {
    HeadIdentity id = world.identity(SyntheticHeads.Split.TRAIN, 2);
    int res = 64;
    HeadRender rest = world.render(id, Expression.NEUTRAL, HeadPose.FRONT, Cameras.front(), res);
    HeadRender open =
        world.render(id, new Expression(1, 0, 0, 0, 0), HeadPose.FRONT, Cameras.front(), res);

    assertThat(meanDifference(rest, open, 0, res / 5)).isLessThan(1e-6);
    assertThat(meanDifference(rest, open, res * 5 / 8, res * 13 / 16)).isGreaterThan(0.02);
  }

  @Test
  void aLeftBlinkChangesOnlyTheSubjectsLeftSideWhichTheFrontCameraSeesOnTheRight() {
    HeadIdentity id = world.identity(SyntheticHeads.Split.TRAIN, 4);
    int res = 96;
    HeadRender open = world.render(id, Expression.NEUTRAL, HeadPose.FRONT, Cameras.front(), res);
    HeadRender blink =
        world.render(id, new Expression(0, 0, 1, 0, 0), HeadPose.FRONT, Cameras.front(), res);
    double left = 0;
    double right = 0;
    for (int i = 0; i < res * res; i++) {
      double diff = Math.abs(open.rgb()[i] - blink.rgb()[i]);
      if (i % res < res / 2) {
        left += diff;
      } else {
        right += diff;
      }
    }
    assertThat(right).isGreaterThan(1.0);
    assertThat(left).isZero();
  }

  @Test
  void turningTheHeadTowardsPlusXMovesTheNoseTipToTheRightOfTheImage() {
    HeadIdentity id = world.identity(SyntheticHeads.Split.TRAIN, 5);
    int res = 64;
    int ahead =
        nearestColumn(world.render(id, Expression.NEUTRAL, HeadPose.FRONT, Cameras.front(), res));
    int turned =
        nearestColumn(
            world.render(id, Expression.NEUTRAL, new HeadPose(0.5, 0, 0), Cameras.front(), res));

    assertThat(ahead).isBetween(res / 2 - 2, res / 2 + 1);
    assertThat(turned).isGreaterThan(ahead + 3);
  }

  @Test
  void aPosedHeadLooksLikeTheUnposedHeadSeenFromTheUnposedViewOfItsCamera() {
    HeadIdentity id = world.identity(SyntheticHeads.Split.TRAIN, 3);
    HeadPose pose = new HeadPose(0.4, -0.2, 0.12);
    Camera camera = Cameras.orbit(25f, 10f, Cameras.DEFAULT_RADIUS, Cameras.DEFAULT_FOV_DEG);
    int res = 48;
    HeadRender posed = world.render(id, Expression.NEUTRAL, pose, camera, res);
    HeadRender unposed =
        world.render(
            id, Expression.NEUTRAL, HeadPose.FRONT, HeadShape.unposedView(pose, camera), res);
    HeadRender sameCamera = world.render(id, Expression.NEUTRAL, HeadPose.FRONT, camera, res);

    assertThat(maskDifference(posed, unposed)).isLessThan(0.01);
    assertThat(maskDifference(posed, sameCamera)).isGreaterThan(0.05);
    double depthGap = 0;
    int covered = 0;
    for (int i = 0; i < res * res; i++) {
      if (posed.mask()[i] > 0.99f && unposed.mask()[i] > 0.99f) {
        depthGap += Math.abs(posed.depth()[i] - unposed.depth()[i]);
        covered++;
      }
    }
    assertThat(covered).isGreaterThan(res * res / 10);
    assertThat(depthGap / covered).isLessThan(1e-3);
  }

  @Test
  void theUnposedViewOfTheFrontPoseIsTheCameraItself() {
    Camera camera = Cameras.orbit(-30f, 5f, Cameras.DEFAULT_RADIUS, Cameras.DEFAULT_FOV_DEG);
    Camera same = HeadShape.unposedView(HeadPose.FRONT, camera);

    for (int i = 0; i < 16; i++) {
      assertThat(same.cam2world()[i]).isCloseTo(camera.cam2world()[i], Offset.offset(1e-6f));
    }
  }

  @Test
  void aClipKeepsItsCameraAndMovesItsFaceSmoothly() {
    SyntheticHeads.MonocularClip clip =
        world.monocularClip(SyntheticHeads.Split.TRAIN, 7, 0, 9, 32);

    assertThat(clip.renders()).hasSize(9);
    for (int f = 1; f < 9; f++) {
      double[] a = clip.poses().get(f - 1).toArray();
      double[] b = clip.poses().get(f).toArray();
      for (int c = 0; c < 3; c++) {
        assertThat(Math.abs(a[c] - b[c])).isLessThan(0.2);
      }
    }
    assertThat(clip.expressions().get(0)).isNotEqualTo(clip.expressions().get(8));
    for (HeadRender r : clip.renders()) {
      for (float m : r.mask()) {
        assertThat(m).isBetween(0f, 1f);
      }
    }
  }

  private static double maskDifference(HeadRender a, HeadRender b) {
    double sum = 0;
    for (int i = 0; i < a.mask().length; i++) {
      sum += Math.abs(a.mask()[i] - b.mask()[i]);
    }
    return sum / a.mask().length;
  }

  private static double meanDifference(HeadRender a, HeadRender b, int fromRow, int toRow) {
    int res = a.resolution();
    double sum = 0;
    int count = 0;
    for (int c = 0; c < 3; c++) {
      for (int row = fromRow; row < toRow; row++) {
        for (int col = 0; col < res; col++) {
          int i = c * res * res + row * res + col;
          sum += Math.abs(a.rgb()[i] - b.rgb()[i]);
          count++;
        }
      }
    }
    return sum / count;
  }

  private static int nearestColumn(HeadRender r) {
    int best = 0;
    for (int i = 1; i < r.depth().length; i++) {
      if (r.depth()[i] < r.depth()[best]) {
        best = i;
      }
    }
    return best % r.resolution();
  }

  /** Pixel index of a world point in a camera, or −1 outside the image. */
  private static int project(Camera camera, double[] p, int res) {
    float[] m = camera.cam2world();
    double[] d = {p[0] - m[3], p[1] - m[7], p[2] - m[11]};
    double x = m[0] * d[0] + m[4] * d[1] + m[8] * d[2];
    double y = m[1] * d[0] + m[5] * d[1] + m[9] * d[2];
    double z = m[2] * d[0] + m[6] * d[1] + m[10] * d[2];
    float[] k = camera.intrinsics();
    double u = k[0] * (x / -z) + k[2];
    double v = -k[4] * (y / -z) + k[5];
    int col = (int) Math.floor(u * res);
    int row = (int) Math.floor(v * res);
    return col < 0 || row < 0 || col >= res || row >= res ? -1 : row * res + col;
  }
}
