package dev.avatar4d.faces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The test images and the face-api reference results written by tools/faces-reference. */
final class Fixtures {

  static final List<String> IMAGES = List.of("astronaut", "chelsea", "coffee", "synthetic-head");

  private Fixtures() {}

  static BufferedImage image(String name) {
    try (InputStream in = open("images/" + name + ".png")) {
      return ImageIO.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reference reference(String name) {
    try (InputStream in = open("fixtures/" + name + ".json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<RefFace> faces = new ArrayList<>();
      for (JsonNode f : root.get("faces")) {
        List<Point> lm = new ArrayList<>();
        for (JsonNode p : f.get("landmarks")) {
          lm.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
        }
        float[] d = new float[f.get("descriptor").size()];
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) f.get("descriptor").get(i).asDouble();
        }
        faces.add(
            new RefFace(
                box(f.get("box")), f.get("score").asDouble(), lm, box(f.get("descriptorRect")), d));
      }
      List<Double> low = new ArrayList<>();
      for (JsonNode d : root.get("lowThresholdDetections")) {
        low.add(d.get("score").asDouble());
      }
      return new Reference(faces, low);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Box box(JsonNode b) {
    return new Box(
        b.get("x").asDouble(),
        b.get("y").asDouble(),
        b.get("width").asDouble(),
        b.get("height").asDouble());
  }

  private static InputStream open(String path) {
    InputStream in = Fixtures.class.getResourceAsStream("/dev/avatar4d/faces/" + path);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    return in;
  }

  record Reference(List<RefFace> faces, List<Double> lowThresholdScores) {}

  record RefFace(
      Box box, double score, List<Point> landmarks, Box descriptorRect, float[] descriptor) {}
}
