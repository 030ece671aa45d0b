package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.webhooks.WebhookRequestParser;
import dev.avatar4d.gateway.webhooks.WebhookSubscription;
import dev.avatar4d.protocol.InvalidFieldException;
import dev.avatar4d.protocol.JobOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Reads the multipart body of {@code POST /v1/jobs} into a {@link Submission}: exactly one {@code
 * source} image, one or more {@code driving} images (the part repeated, in playback order), an
 * optional {@code options} JSON part (text or file). Everything is checked before anything is
 * stored, so a rejected request leaves nothing behind.
 */
@ApplicationScoped
public class SubmissionReader {
  /** Multipart part names. */
  public static final String SOURCE = "source";

  public static final String DRIVING = "driving";
  public static final String OPTIONS = "options";
  private static final Set<String> PARTS =
      Set.of(SOURCE, DRIVING, OPTIONS, WebhookRequestParser.PART);

  private final ImageInspector images;
  private final OptionsParser options;
  private final int maxDrivingFrames;
  private final long maxRequestPixels;
  private final WebhookRequestParser webhooks;

  SubmissionReader(
      ImageInspector images,
      OptionsParser options,
      WebhookRequestParser webhooks,
      GatewayConfig config) {
    this.images = images;
    this.webhooks = webhooks;
    this.options = options;
    this.maxDrivingFrames = config.api().maxDrivingFrames();
    this.maxRequestPixels = config.api().maxRequestPixels();
  }

  /** The validated submission; {@link InvalidFieldException} naming the first bad part. */
  public Submission read(MultipartFormDataInput form) {
    Map<String, Collection<FormValue>> parts = form == null ? Map.of() : form.getValues();
    for (String name : parts.keySet()) {
      if (name == null || !PARTS.contains(name)) {
        throw new InvalidFieldException(
            name == null || name.isEmpty() ? "(unnamed part)" : name,
            "unknown part; expected source, driving, options and webhook");
      }
    }
    List<FormValue> sources = list(parts.get(SOURCE));
    if (sources.isEmpty()) {
      throw new InvalidFieldException(SOURCE, "the source image part is missing");
    }
    if (sources.size() > 1) {
      throw new InvalidFieldException(SOURCE, "exactly one source image, got " + sources.size());
    }
    List<FormValue> driving = list(parts.get(DRIVING));
    if (driving.isEmpty()) {
      throw new InvalidFieldException(DRIVING, "at least one driving image part is required");
    }
    if (driving.size() > maxDrivingFrames) {
      throw new InvalidFieldException(
          DRIVING, "at most " + maxDrivingFrames + " driving frames, got " + driving.size());
    }
    List<FormValue> optionParts = list(parts.get(OPTIONS));
    if (optionParts.size() > 1) {
      throw new InvalidFieldException(OPTIONS, "send the options part once");
    }
    JobOptions jobOptions = options.parse(optionParts.isEmpty() ? null : text(optionParts.get(0)));
    List<FormValue> webhookParts = list(parts.get(WebhookRequestParser.PART));
    if (webhookParts.size() > 1) {
      throw new InvalidFieldException(WebhookRequestParser.PART, "send the webhook part once");
    }
    WebhookSubscription webhook =
        webhooks.parse(webhookParts.isEmpty() ? null : text(webhookParts.get(0)));
    PixelBudget pixels = new PixelBudget(maxRequestPixels);
    InputImage source = images.inspect(SOURCE, sources.get(0), pixels);
    List<InputImage> frames = new ArrayList<>(driving.size());
    for (int i = 0; i < driving.size(); i++) {
      frames.add(images.inspect(DRIVING + "[" + i + "]", driving.get(i), pixels));
    }
    return new Submission(source, frames, jobOptions, webhook, Deadlines.NONE);
  }

  private static List<FormValue> list(Collection<FormValue> values) {
    return values == null ? List.of() : new ArrayList<>(values);
  }

  private static String text(FormValue value) {
    return value.isFileItem() ? new String(bytes(value), StandardCharsets.UTF_8) : value.getValue();
  }

  private static byte[] bytes(FormValue value) {
    if (!value.isFileItem()) {
      // A text field where a file was expected; its characters are all we have.
      return value.getValue() == null
          ? new byte[0]
          : value.getValue().getBytes(StandardCharsets.ISO_8859_1);
    }
    try (InputStream in = value.getFileItem().getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uploaded part " + value.getFileName(), e);
    }
  }
}
