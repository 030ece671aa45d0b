package dev.avatar4d.faces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The faces module's test photographs, for other modules' tests (published in this module's test
 * jar): {@code astronaut} (a half-length portrait, the face about a fifth of the frame), {@code
 * chelsea} (a cat), {@code coffee} (a cup) and {@code synthetic-head} (the demo's source).
 */
public final class TestPhotos {

  private TestPhotos() {}

  /** The PNG bytes of photograph {@code name}. */
  public static byte[] png(String name) {
    String path = "/dev/avatar4d/faces/images/" + name + ".png";
    try (InputStream in = TestPhotos.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test photograph " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
