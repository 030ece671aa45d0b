package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.protocol.InvalidFieldException;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Checks one uploaded image: not empty, not too large, PNG or JPEG by its magic bytes, and
 * decodable. Decoding here costs a little CPU at submit time and saves a GPU worker from failing on
 * a truncated file later.
 */
@ApplicationScoped
public class ImageInspector {
  private final long maxBytes;

  ImageInspector(GatewayConfig config) {
    this.maxBytes = config.api().maxImageBytes();
  }

  /** The inspected image; {@link InvalidFieldException} naming {@code field} when it is unusable. */
  public InputImage inspect(String field, byte[] bytes) {
    if (bytes.length == 0) {
      throw new InvalidFieldException(field, "the image is empty");
    }
    if (bytes.length > maxBytes) {
      throw new InvalidFieldException(
          field, "the image has " + bytes.length + " bytes, more than the limit of " + maxBytes);
    }
    ImageType type =
        ImageType.sniff(bytes)
            .orElseThrow(() -> new InvalidFieldException(field, "not a PNG or JPEG image"));
    BufferedImage image = decode(field, bytes, type);
    return new InputImage(bytes, type, image.getWidth(), image.getHeight());
  }

  private static BufferedImage decode(String field, byte[] bytes, ImageType type) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
        throw new InvalidFieldException(field, "the " + type + " image cannot be decoded");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidFieldException invalid) {
        throw invalid;
      }
      throw new InvalidFieldException(
          field, "the " + type + " image cannot be decoded: " + e.getMessage());
    }
  }
}
