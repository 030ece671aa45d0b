package dev.avatar4d.gateway.system;

import java.util.regex.Pattern;

/**
 * Groups error messages of failed jobs into reasons: the same failure on different jobs differs
 * only in ids, object keys, counts and the detail after the exception name, so those are left out.
 * For example {@code gave up at attempt 3 after 3 deliveries: StorageException: connection refused}
 * becomes {@code gave up at attempt N after N deliveries: StorageException}.
 */
final class FailureReasons {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern PARENTHESES = Pattern.compile("\\s*\\([^)]*\\)");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
  private static final int MAX_LENGTH = 120;

  private FailureReasons() {}

  /** The reason {@code error} counts under; {@code (no reason given)} for a blank one. */
  static String reasonOf(String error) {
    if (error == null || error.isBlank()) {
      return "(no reason given)";
    }
    String text = UUID.matcher(error.strip()).replaceAll("…");
    text = PARENTHESES.matcher(text).replaceAll("");
    text = QUOTED.matcher(text).replaceAll("'…'");
    text = NUMBER.matcher(text).replaceAll("N");
    // "what happened: ExceptionType: detail" – the detail varies from job to job.
    String[] parts = text.split(": ", 3);
    String reason = parts.length > 2 ? parts[0] + ": " + parts[1] : text;
    reason = reason.strip();
    return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH - 1) + "…" : reason;
  }
}
