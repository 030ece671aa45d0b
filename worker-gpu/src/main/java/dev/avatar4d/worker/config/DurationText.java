package dev.avatar4d.worker.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration ({@code 30m}, {@code 90s}, {@code 500ms}, {@code
 * PT30M}) and in messages.
 */
public final class DurationText {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private DurationText() {}

  /** Parses {@code value} of variable {@code key}; the error names the variable. */
  public static Duration parse(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 30m, 90s, 500ms or PT30M, got '" + value + "'");
    }
  }

  /**
   * {@code d} in the largest unit that keeps it exact: {@code 30 min}, {@code 90 s}, {@code 1500
   * ms}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + " h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + " min";
    }
    if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + " s";
    }
    return ms + " ms";
  }
}
