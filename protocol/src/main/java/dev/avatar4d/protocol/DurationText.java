package dev.avatar4d.protocol;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration and headers ({@code 30m}, {@code 90s}, {@code
 * 1h30m}, {@code 500ms}, {@code PT30M}) and in messages.
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private DurationText() {}

  /** Parses {@code value} of variable {@code key}; the error names the variable. */
  public static Duration parse(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    try {
      if (!v.startsWith("p")) {
        return sumOfParts(v).orElseThrow(() -> new NumberFormatException(v));
      }
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 30m, 90s, 1h30m, 500ms or PT30M, got '" + value + "'");
    }
  }

  /** {@code 1h30m} as the sum of its parts; empty unless the parts make up the whole text. */
  private static Optional<Duration> sumOfParts(String v) {
    Matcher m = PART.matcher(v);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    return end > 0 && end == v.length() ? Optional.of(total) : Optional.empty();
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
