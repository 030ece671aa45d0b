package dev.avatar4d.gateway.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.protocol.InvalidFieldException;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.protocol.ViewSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the {@code options} part into {@link JobOptions}, filling in defaults. Every error names
 * the offending field by its path ({@code options.views[2].yaw}). Unknown keys are errors, so that
 * a typo does not silently fall back to a default.
 */
@ApplicationScoped
public class OptionsParser {
  private static final Set<String> OPTION_KEYS =
      Set.of("views", "model", "resolution", "formats", "fps", "pose");
  private static final Set<String> VIEW_KEYS = Set.of("name", "yaw", "pitch", "radius", "fov");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Longest accepted options text: 36 explicit views take about 3 KiB. */
  public static final int MAX_CHARS = 64 * 1024;

  /** Options from {@code json}; null or blank means all defaults. */
  public JobOptions parse(String json) {
    if (json != null && json.length() > MAX_CHARS) {
      throw new PartTooLargeException("options", json.length(), MAX_CHARS, "characters");
    }
    JsonNode root = json == null || json.isBlank() ? MAPPER.createObjectNode() : readTree(json);
    if (!root.isObject()) {
      throw new InvalidFieldException("options", "must be a JSON object");
    }
    rejectUnknown(root, OPTION_KEYS, "options.");
    return new JobOptions(
        views(root.get("views")),
        text(root.get("model"), "options.model", JobOptions.DEFAULT_MODEL),
        integer(root.get("resolution"), "options.resolution", JobOptions.DEFAULT_RESOLUTION),
        formats(root.get("formats")),
        integer(root.get("fps"), "options.fps", JobOptions.DEFAULT_FPS),
        pose(root.get("pose")));
  }

  private static PoseMode pose(JsonNode node) {
    String name = text(node, "options.pose", JobOptions.DEFAULT_POSE.key());
    for (PoseMode mode : PoseMode.values()) {
      if (mode.key().equals(name)) {
        return mode;
      }
    }
    throw new InvalidFieldException(
        "options.pose", "unknown pose mode '" + name + "'; use driving, source or fixed");
  }

  private static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException("options", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static List<ViewSpec> views(JsonNode node) {
    if (node == null || node.isNull()) {
      return ViewPresets.expand("front", "options.views");
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(
          "options.views", "must be an array of preset names or view objects");
    }
    List<ViewSpec> views = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "options.views[" + i + "]";
      JsonNode item = node.get(i);
      if (item.isTextual()) {
        views.addAll(ViewPresets.expand(item.asText(), field));
      } else if (item.isObject()) {
        views.add(view(item, field));
      } else {
        throw new InvalidFieldException(field, "must be a preset name or a view object");
      }
    }
    return views;
  }

  private static ViewSpec view(JsonNode node, String field) {
    rejectUnknown(node, VIEW_KEYS, field + ".");
    String name = text(node.get("name"), field + ".name", null);
    if (name == null) {
      throw new InvalidFieldException(field + ".name", "is required");
    }
    double yaw = number(node.get("yaw"), field + ".yaw", 0);
    double pitch = number(node.get("pitch"), field + ".pitch", 0);
    double radius = number(node.get("radius"), field + ".radius", ViewSpec.DEFAULT_RADIUS);
    double fov = number(node.get("fov"), field + ".fov", ViewSpec.DEFAULT_FOV);
    try {
      return new ViewSpec(name, yaw, pitch, radius, fov);
    } catch (InvalidFieldException e) {
      // ViewSpec names its own fields (yaw, fov...); give the client the full path.
      throw new InvalidFieldException(field + "." + e.field(), e.reason());
    }
  }

  private static Set<OutputFormat> formats(JsonNode node) {
    if (node == null || node.isNull()) {
      return JobOptions.DEFAULT_FORMATS;
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(
          "options.formats", "must be an array such as [\"png\", \"mp4\", \"depth\", \"mesh\"]");
    }
    Set<OutputFormat> formats = EnumSet.noneOf(OutputFormat.class);
    for (int i = 0; i < node.size(); i++) {
      String field = "options.formats[" + i + "]";
      String name = text(node.get(i), field, null);
      try {
        formats.add(OutputFormat.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException(
            field, "unknown format '" + name + "'; use png, mp4, depth or mesh");
      }
    }
    return formats;
  }

  private static void rejectUnknown(JsonNode object, Set<String> known, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      String key = fields.next().getKey();
      if (!known.contains(key)) {
        throw new InvalidFieldException(
            prefix + key, "unknown option; known are " + new TreeSet<>(known));
      }
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw new InvalidFieldException(field, "must be a string");
    }
    return node.asText();
  }

  private static int integer(JsonNode node, String field, int fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidFieldException(field, "must be an integer");
    }
    return node.intValue();
  }

  private static double number(JsonNode node, String field, double fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw new InvalidFieldException(field, "must be a number");
    }
    return node.doubleValue();
  }
}
