package dev.avatar4d.gateway;

import dev.avatar4d.gateway.support.BadImages;
import dev.avatar4d.gateway.support.ImageMutator;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.RawMultipart;
import dev.avatar4d.gateway.support.RawMultipart.Part;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random {@code POST /v1/jobs} requests for {@link SubmitFuzzTest}: damaged images in a
 * well-formed body, well-formed images with random or corrupt options, and damaged multipart
 * bodies. The same seed gives the same cases.
 */
final class SubmitFuzzCases {
  /** One request: what kind of damage, in words; its Content-Type header (null: none) and body. */
  record FuzzCase(String kind, String description, String contentType, byte[] body) {}

  private static final String[] CONTENT_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "application/json",
    "application/octet-stream",
    "multipart/mixed; boundary=inner",
    "",
    "image/png; charset=\u00ff",
    "x/\u0000",
    null
  };
  private static final String[] NAMES = {
    "source", "driving", "options", "Source", "driving[]", "", "webhook", "\u00e9t\u00e9"
  };

  private final Random random;
  private final ImageMutator mutator;
  private final List<byte[]> images;

  SubmitFuzzCases(Random random) {
    this.random = random;
    this.mutator = new ImageMutator(random);
    this.images =
        List.of(
            Images.png(1), Images.jpeg(2), BadImages.noisyPng(24, 16), BadImages.noisyJpeg(16, 24));
  }

  FuzzCase next() {
    return switch (random.nextInt(3)) {
      case 0 -> mutatedImage();
      case 1 -> randomOptions();
      default -> brokenMultipart();
    };
  }

  private FuzzCase mutatedImage() {
    List<Part> parts = validParts(null);
    int victim = random.nextInt(parts.size() - 1);
    Part part = parts.get(victim);
    ImageMutator.Mutation m = mutator.mutate(part.content());
    parts.set(victim, new Part(part.headers(), m.bytes()));
    return multipart(
        "image",
        (victim == 0 ? "source" : "driving[" + (victim - 1) + "]") + ": " + m.description(),
        parts);
  }

  private FuzzCase randomOptions() {
    String how;
    byte[] options;
    int choice = random.nextInt(10);
    Object tree = validOptions();
    if (choice < 2) {
      how = "valid options";
      options = Json.write(tree).getBytes(StandardCharsets.UTF_8);
    } else if (choice < 5) {
      Object mutated = Json.mutate(tree, random);
      how = "mutated value";
      options = Json.write(mutated).getBytes(StandardCharsets.UTF_8);
    } else if (choice == 5) {
      String json = Json.write(tree);
      int cut = random.nextInt(json.length());
      how = "cut after " + cut + " chars";
      options = json.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    } else if (choice == 6) {
      int depth = 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
      how = "nested " + depth + " deep";
      options =
          ("{\"views\": " + "[".repeat(depth) + "]".repeat(random.nextInt(depth + 1)) + "}")
              .getBytes(StandardCharsets.UTF_8);
    } else if (choice == 7) {
      options = new byte[random.nextInt(256)];
      random.nextBytes(options);
      how = options.length + " random bytes";
    } else if (choice == 8) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(200);
      for (int i = 0; i < n; i++) {
        sb.appendCodePoint(random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10ffff));
      }
      how = "random unicode";
      options = sb.toString().getBytes(StandardCharsets.UTF_8);
    } else {
      String[] literals = {
        "null",
        "[]",
        "\"\"",
        "0",
        "true",
        "{}",
        "{\"views\":null,\"model\":null}",
        " ",
        "{\"views\": [\"orbit:2147483648\"]}",
        "{\"resolution\": 1e2}",
        "{\"fps\": 12.0}",
        "{\"views\": [{\"name\": \"a\", \"yaw\": -0.0}]}",
        "{\"model\":\"lite\",\"model\":\"full\"}",
        "{\"views\": [{\"name\": \"" + "x".repeat(100_000) + "\"}]}",
        "{\"fps\": " + "9".repeat(2000) + "}"
      };
      String literal = literals[random.nextInt(literals.length)];
      how = "literal " + (literal.length() > 60 ? literal.substring(0, 60) + "…" : literal);
      options = literal.getBytes(StandardCharsets.UTF_8);
    }
    Part part =
        random.nextBoolean()
            ? Part.field("options", random.nextBoolean() ? "application/json" : null, options)
            : Part.file("options", "options.json", "application/json", options);
    List<Part> parts = validParts(part);
    return multipart(
        "options",
        how + " as a " + (part.headers().get(0).contains("filename") ? "file" : "field"),
        parts);
  }

  private FuzzCase brokenMultipart() {
    List<Part> parts =
        validParts(
            random.nextBoolean()
                ? Part.field(
                    "options",
                    "application/json",
                    Json.write(validOptions()).getBytes(StandardCharsets.UTF_8))
                : null);
    String boundary = "fuzz" + Long.toHexString(random.nextLong());
    String contentType = "multipart/form-data; boundary=" + boundary;
    String lineEnd = "\r\n";
    boolean closed = true;
    String how;
    switch (random.nextInt(14)) {
      case 0 -> {
        contentType = "multipart/form-data; boundary=other" + random.nextInt(1000);
        how = "boundary in the header differs from the body's";
      }
      case 1 -> {
        contentType = "multipart/form-data";
        how = "no boundary parameter";
      }
      case 2 -> {
        boundary = "b".repeat(70 + random.nextInt(2000));
        contentType = "multipart/form-data; boundary=" + boundary;
        how = "boundary of " + boundary.length() + " chars";
      }
      case 3 -> {
        closed = false;
        how = "no closing boundary";
      }
      case 4 -> {
        lineEnd = "\n";
        how = "LF line endings";
      }
      case 5 -> {
        int i = random.nextInt(parts.size());
        parts.set(i, new Part(List.of("Content-Type: image/png"), parts.get(i).content()));
        how = "part " + i + " has no Content-Disposition";
      }
      case 6 -> {
        int i = random.nextInt(parts.size());
        String name = "n".repeat(1 + random.nextInt(100_000));
        parts.set(i, Part.file(name, "x.png", "image/png", parts.get(i).content()));
        how = "part " + i + " named with " + name.length() + " chars";
      }
      case 7 -> {
        int i = random.nextInt(parts.size());
        parts.add(random.nextInt(parts.size() + 1), parts.get(i));
        how = "part " + i + " duplicated";
      }
      case 8 -> {
        int i = random.nextInt(parts.size());
        String ct = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        String name = NAMES[random.nextInt(NAMES.length)];
        parts.set(
            i,
            random.nextBoolean()
                ? Part.file(name, "f\"il\u00e9.png", ct, parts.get(i).content())
                : Part.field(name, ct, parts.get(i).content()));
        how = "part " + i + " renamed '" + name + "' with type " + ct;
      }
      case 9 -> {
        int i = random.nextInt(parts.size());
        List<String> headers = new ArrayList<>(parts.get(i).headers());
        byte[] junk = new byte[random.nextInt(100)];
        random.nextBytes(junk);
        headers.add(
            random.nextInt(headers.size() + 1), new String(junk, StandardCharsets.ISO_8859_1));
        parts.set(i, new Part(headers, parts.get(i).content()));
        how = "part " + i + " has a random header line";
      }
      case 10 -> {
        byte[] body = new byte[random.nextInt(4096)];
        random.nextBytes(body);
        return new FuzzCase("multipart", body.length + " random bytes", contentType, body);
      }
      case 11 -> {
        byte[] body = RawMultipart.encode(boundary, parts, lineEnd, true);
        int cut = random.nextInt(body.length);
        byte[] cutBody = java.util.Arrays.copyOf(body, cut);
        return new FuzzCase(
            "multipart", "body cut at " + cut + " of " + body.length, contentType, cutBody);
      }
      case 12 -> {
        String[] others = {
          null,
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "multipart/mixed; boundary=" + boundary,
          "multipart/form-data; boundary=\"" + boundary + "\"",
          "MULTIPART/FORM-DATA; BOUNDARY=" + boundary,
          "multipart/form-data; boundary=" + boundary + "; charset=utf-16"
        };
        contentType = others[random.nextInt(others.length)];
        how = "Content-Type " + contentType;
      }
      default -> {
        byte[] body = RawMultipart.encode(boundary, parts, lineEnd, true);
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
          body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return new FuzzCase(
            "multipart", flips + " bit flips anywhere in the body", contentType, body);
      }
    }
    return new FuzzCase(
        "multipart", how, contentType, RawMultipart.encode(boundary, parts, lineEnd, closed));
  }

  /** A source and one to three driving frames (valid images) plus {@code options} when given. */
  private List<Part> validParts(Part options) {
    List<Part> parts = new ArrayList<>();
    parts.add(imagePart("source"));
    int frames = 1 + random.nextInt(3);
    for (int i = 0; i < frames; i++) {
      parts.add(imagePart("driving"));
    }
    if (options != null) {
      parts.add(options);
    }
    return parts;
  }

  private Part imagePart(String name) {
    byte[] image = images.get(random.nextInt(images.size()));
    return Part.file(
        name,
        name + (random.nextBoolean() ? ".png" : ".jpg"),
        random.nextBoolean() ? "image/png" : "image/jpeg",
        image);
  }

  private FuzzCase multipart(String kind, String description, List<Part> parts) {
    String boundary = "fuzz" + Long.toHexString(random.nextLong());
    return new FuzzCase(
        kind,
        description,
        "multipart/form-data; boundary=" + boundary,
        RawMultipart.encode(boundary, parts, "\r\n", true));
  }

  private Map<String, Object> validOptions() {
    Map<String, Object> options = new LinkedHashMap<>();
    if (random.nextBoolean()) {
      List<Object> views = new ArrayList<>();
      String[] presets = {"front", "left", "right", "up", "down"};
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          views.add(presets[i]);
        } else {
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("name", "v" + i);
          view.put("yaw", random.nextInt(181) - 90);
          view.put("pitch", random.nextDouble() * 90 - 45);
          view.put("radius", 2.5 + random.nextDouble() * 5.5);
          view.put("fov", 6 + random.nextInt(35));
          views.add(view);
        }
      }
      options.put("views", views);
    }
    if (random.nextBoolean()) {
      options.put("model", random.nextBoolean() ? "lite" : "full");
    }
    if (random.nextBoolean()) {
      options.put("resolution", 64 + 16 * random.nextInt(61));
    }
    if (random.nextBoolean()) {
      options.put("formats", List.of("png", "mp4", "depth").subList(0, 1 + random.nextInt(3)));
    }
    if (random.nextBoolean()) {
      options.put("fps", 1 + random.nextInt(60));
    }
    return options;
  }

  /** Just enough JSON writing to also write it wrong. */
  private static final class Json {
    /** Emitted verbatim, e.g. a number JSON cannot hold. */
    private record Raw(String text) {}

    private static final Object[] ODD_VALUES = {
      null,
      true,
      "",
      "\u0000",
      "\ud83d\ude00",
      "\u202eevil",
      -1,
      0,
      1e308,
      Long.MIN_VALUE,
      new Raw("1e999"),
      new Raw("-0"),
      new Raw("123456789012345678901234567890"),
      new Raw("NaN"),
      new Raw("0x10"),
      new Raw("01"),
      List.of(),
      Map.of(),
      List.of(List.of(List.of())),
      "orbit:0",
      "orbit:-3",
      "ORBIT:4",
      "front ",
      "x".repeat(5000)
    };

    static String write(Object value) {
      StringBuilder sb = new StringBuilder();
      write(sb, value);
      return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object value) {
      if (value instanceof Map<?, ?> map) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          sb.append(first ? "" : ",");
          first = false;
          string(sb, String.valueOf(e.getKey()));
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      } else if (value instanceof List<?> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
          sb.append(i == 0 ? "" : ",");
          write(sb, list.get(i));
        }
        sb.append(']');
      } else if (value instanceof String s) {
        string(sb, s);
      } else if (value instanceof Raw raw) {
        sb.append(raw.text());
      } else {
        sb.append(value);
      }
    }

    private static void string(StringBuilder sb, String s) {
      sb.append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }

    /** {@code tree} with one random value, key or element replaced by something odd. */
    @SuppressWarnings("unchecked")
    static Object mutate(Object tree, Random random) {
      if (tree instanceof Map<?, ?> map && (map.isEmpty() || random.nextInt(4) != 0)) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
        if (copy.isEmpty() || random.nextInt(5) == 0) {
          String[] keys = {
            "views",
            "model",
            "resolution",
            "formats",
            "fps",
            "name",
            "yaw",
            "pitch",
            "radius",
            "fov",
            "roll",
            "",
            "VIEWS"
          };
          copy.put(keys[random.nextInt(keys.length)], odd(random));
        } else {
          String key = new ArrayList<>(copy.keySet()).get(random.nextInt(copy.size()));
          copy.put(key, mutate(copy.get(key), random));
        }
        return copy;
      }
      if (tree instanceof List<?> list && !list.isEmpty() && random.nextInt(4) != 0) {
        List<Object> copy = new ArrayList<>(list);
        int i = random.nextInt(copy.size());
        copy.set(i, mutate(copy.get(i), random));
        return copy;
      }
      return odd(random);
    }

    private static Object odd(Random random) {
      if (random.nextInt(4) == 0) {
        return random.nextGaussian() * Math.pow(10, random.nextInt(12));
      }
      return ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    }
  }
}
