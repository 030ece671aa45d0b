package dev.avatar4d.faces.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.Landmarks68;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortraitCropperTest {

  private final PortraitCropper cropper = new PortraitCropper(AlignmentConfig.PORTRAIT4D);

  @Test
  void aFrontalFaceIsScaledToTheTemplateAndCentredOnIt() {
    // The template seen frontally at 90 px per unit, its origin at pixel (400, 300) of 800x600.
    Landmarks68 lm = frontalTemplate(90, new Point(400, 300), 600);
    CropGeometry g = cropper.geometry(lm, 600);
    assertEquals(180.0 / 90, g.scale(), 1e-9);
    assertEquals(400, g.centre().x(), 1e-9);
    assertEquals(300, g.centre().y(), 1e-9);

    AlignedFace face = cropper.crop(gradient(800, 600), g, lm);
    // In the crop the left-eye centre sits where the template puts it: 180 px per unit from the
    // centre (256, 256), y down; the window's rounding moves it by under two pixels.
    Point eye = face.motionPoints().get(0);
    assertEquals(256 + 180 * PortraitCropper.TEMPLATE[0][0], eye.x(), 2);
    assertEquals(256 - 180 * PortraitCropper.TEMPLATE[0][1], eye.y(), 2);
    assertEquals(512, face.crop().width());
  }

  @Test
  void whereTheWindowLeavesTheImageItsEdgePixelsAreRepeated() {
    RgbImage image = gradient(100, 100);
    CropGeometry g = new CropGeometry(1, new Point(5, 5));
    AlignedFace face = cropper.crop(image, g, null);
    RgbImage crop = face.crop();
    assertEquals(image.get(0, 0, 0), crop.get(0, 0, 0), 1e-4);
    assertEquals(image.get(99, 99, 1), crop.get(511, 511, 1), 1e-4);
    assertEquals(List.of(), face.landmarks());
  }

  @Test
  void aWindowMapsPointsIntoTheCropAndBack() {
    CropTransform t = new CropGeometry(1.7, new Point(120, 80)).window(300, 200, 512);
    Point p = new Point(123.4, 56.7);
    Point back = t.toSource(t.toCrop(p));
    assertEquals(p.x(), back.x(), 1e-9);
    assertEquals(p.y(), back.y(), 1e-9);
  }

  /** 68 landmarks whose five alignment points are the template seen frontally. */
  static Landmarks68 frontalTemplate(double pixelsPerUnit, Point origin, int height) {
    List<Point> five = new ArrayList<>();
    for (double[] p : PortraitCropper.TEMPLATE) {
      five.add(new Point(origin.x() + pixelsPerUnit * p[0], origin.y() - pixelsPerUnit * p[1]));
    }
    List<Point> all = new ArrayList<>(Collections.nCopies(68, origin));
    for (int i : new int[] {36, 37, 38, 39, 40, 41}) {
      all.set(i, five.get(0));
    }
    for (int i : new int[] {42, 43, 44, 45, 46, 47}) {
      all.set(i, five.get(1));
    }
    all.set(30, five.get(2));
    all.set(48, five.get(3));
    all.set(54, five.get(4));
    return new Landmarks68(all);
  }

  private static RgbImage gradient(int w, int h) {
    float[] d = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        d[o] = x * 255f / w;
        d[o + 1] = y * 255f / h;
        d[o + 2] = 128;
      }
    }
    return new RgbImage(w, h, d);
  }
}
