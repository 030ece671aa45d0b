package dev.avatar4d.faces.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model files of the faces module, each checked against its pinned SHA-256 before use.
 *
 * <p>The pins live in a {@code SHA256SUMS} file (the {@code sha256sum} format) next to the files. A
 * file without a pin, or whose bytes do not hash to it, is refused with {@link
 * WeightsIntegrityException}: weights are never used on trust.
 */
public final class ModelFiles {

  /** The classpath folder that holds the bundled face-api weights. */
  public static final String BUNDLED_FOLDER = "/dev/avatar4d/faces/model/";

  private final Opener opener;
  private final Map<String, String> pins;

  private ModelFiles(Opener opener) {
    this.opener = opener;
    this.pins = parsePins(readRaw("SHA256SUMS"));
  }

  /** The weights bundled in this module's jar. */
  public static ModelFiles bundled() {
    return new ModelFiles(
        name -> {
          InputStream in = ModelFiles.class.getResourceAsStream(BUNDLED_FOLDER + name);
          if (in == null) {
            throw new NoSuchFileException("classpath:" + BUNDLED_FOLDER + name);
          }
          return in;
        });
  }

  /** Model files in a folder (with its own {@code SHA256SUMS}). */
  public static ModelFiles inDirectory(Path folder) {
    return new ModelFiles(name -> Files.newInputStream(folder.resolve(name)));
  }

  /** The pinned files and their SHA-256, in the order of {@code SHA256SUMS}. */
  public Map<String, String> pins() {
    return pins;
  }

  /** Reads a pinned file and checks its SHA-256. */
  public byte[] read(String name) {
    String expected = pins.get(name);
    if (expected == null) {
      throw new WeightsIntegrityException(name + " has no SHA-256 pin in SHA256SUMS");
    }
    byte[] bytes = readRaw(name);
    String actual = sha256(bytes);
    if (!actual.equals(expected)) {
      throw new WeightsIntegrityException(
          name + " has SHA-256 " + actual + " but SHA256SUMS pins " + expected);
    }
    return bytes;
  }

  /** The lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] readRaw(String name) {
    try (InputStream in = opener.open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + name, e);
    }
  }

  private static Map<String, String> parsePins(byte[] sums) {
    Map<String, String> pins = new LinkedHashMap<>();
    for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("\\s+\\*?", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
        throw new WeightsIntegrityException("malformed SHA256SUMS line: " + line);
      }
      pins.put(parts[1], parts[0]);
    }
    return Map.copyOf(pins);
  }

  @FunctionalInterface
  private interface Opener {
    InputStream open(String name) throws IOException;
  }
}
