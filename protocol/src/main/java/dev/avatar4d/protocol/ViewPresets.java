package dev.avatar4d.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Named view sets a client may ask for instead of explicit cameras.
 *
 * <ul>
 *   <li>{@code front}: one frontal view;
 *   <li>{@code left}, {@code right}: 30° to either side; {@code up}, {@code down}: 15° pitch;
 *   <li>{@code orbit:N} (2 ≤ N ≤ {@value #MAX_ORBIT_VIEWS}): N views evenly spaced in yaw from
 *       −{@value #ORBIT_HALF_SPAN_DEG}° to +{@value #ORBIT_HALF_SPAN_DEG}°, the range one-shot
 *       heads are trained on.
 * </ul>
 */
public final class ViewPresets {
  public static final int MAX_ORBIT_VIEWS = 36;
  public static final double ORBIT_HALF_SPAN_DEG = 45;

  private ViewPresets() {}

  /** Expands a preset name into views; throws {@link InvalidFieldException} for unknown names. */
  public static List<ViewSpec> expand(String preset, String field) {
    String p = preset == null ? "" : preset.trim().toLowerCase(Locale.ROOT);
    double r = ViewSpec.DEFAULT_RADIUS;
    double fov = ViewSpec.DEFAULT_FOV;
    switch (p) {
      case "front":
        return List.of(new ViewSpec("front", 0, 0, r, fov));
      case "left":
        return List.of(new ViewSpec("left", 30, 0, r, fov));
      case "right":
        return List.of(new ViewSpec("right", -30, 0, r, fov));
      case "up":
        return List.of(new ViewSpec("up", 0, 15, r, fov));
      case "down":
        return List.of(new ViewSpec("down", 0, -15, r, fov));
      default:
        if (p.startsWith("orbit:")) {
          return orbit(parseCount(p.substring(6), field), field);
        }
        throw new InvalidFieldException(
            field,
            "unknown view preset '" + preset + "'; use front, left, right, up, down or orbit:N");
    }
  }

  private static int parseCount(String text, String field) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidFieldException(field, "orbit:N needs an integer N, got '" + text + "'");
    }
  }

  private static List<ViewSpec> orbit(int n, String field) {
    if (n < 2 || n > MAX_ORBIT_VIEWS) {
      throw new InvalidFieldException(
          field, "orbit:N needs 2 <= N <= " + MAX_ORBIT_VIEWS + ", got " + n);
    }
    List<ViewSpec> views = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double yaw = -ORBIT_HALF_SPAN_DEG + 2 * ORBIT_HALF_SPAN_DEG * i / (n - 1);
      views.add(
          new ViewSpec(
              String.format(Locale.ROOT, "orbit%02d", i),
              yaw,
              0,
              ViewSpec.DEFAULT_RADIUS,
              ViewSpec.DEFAULT_FOV));
    }
    return views;
  }
}
