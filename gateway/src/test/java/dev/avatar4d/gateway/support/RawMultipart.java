package dev.avatar4d.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code multipart/form-data} body written byte by byte, so that a test can also write it wrong:
 * any part headers, any line ending, with or without the closing boundary.
 */
public final class RawMultipart {
  /** One part: its header lines (without line endings) and its content. */
  public record Part(List<String> headers, byte[] content) {
    /** A file part, as browsers and curl send images. */
    public static Part file(String name, String filename, String contentType, byte[] content) {
      List<String> headers = new ArrayList<>();
      headers.add(
          "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"");
      if (contentType != null) {
        headers.add("Content-Type: " + contentType);
      }
      return new Part(headers, content);
    }

    /** A plain field part (no filename). */
    public static Part field(String name, String contentType, byte[] content) {
      List<String> headers = new ArrayList<>();
      headers.add("Content-Disposition: form-data; name=\"" + name + "\"");
      if (contentType != null) {
        headers.add("Content-Type: " + contentType);
      }
      return new Part(headers, content);
    }
  }

  private RawMultipart() {}

  /**
   * The body: each part after {@code --boundary}, then {@code --boundary--} when {@code closed}.
   */
  public static byte[] encode(String boundary, List<Part> parts, String lineEnd, boolean closed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      ascii(out, "--" + boundary + lineEnd);
      for (String header : part.headers()) {
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        ascii(out, lineEnd);
      }
      ascii(out, lineEnd);
      out.writeBytes(part.content());
      ascii(out, lineEnd);
    }
    if (closed) {
      ascii(out, "--" + boundary + "--" + lineEnd);
    }
    return out.toByteArray();
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
