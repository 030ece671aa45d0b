package dev.avatar4d.gateway.submit;

import dev.avatar4d.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * SHA-256 over what a submission asks for (its parsed options, its webhook subscription, every
 * image's bytes, in order, and its deadlines), so that an {@code Idempotency-Key} reused for a
 * different request is recognised. Options are hashed in their parsed form: the same request with
 * its JSON keys reordered is the same request.
 */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  /** Lower-case hex fingerprint of {@code submission}. */
  public static String of(Submission submission) {
    MessageDigest digest = sha256();
    update(digest, Json.toString(submission.options()).getBytes(StandardCharsets.UTF_8));
    update(digest, webhook(submission).getBytes(StandardCharsets.UTF_8));
    update(digest, submission.source().bytes());
    for (InputImage frame : submission.driving()) {
      update(digest, frame.bytes());
    }
    // Only when asked for, so that requests without deadlines keep the fingerprint they had.
    if (!submission.deadlines().equals(Deadlines.NONE)) {
      update(digest, submission.deadlines().toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  // Events sorted by name: the same subscription must hash the same in every gateway process.
  private static String webhook(Submission submission) {
    if (submission.webhook() == null) {
      return "";
    }
    return submission.webhook().url()
        + " "
        + submission.webhook().events().stream()
            .map(Enum::name)
            .sorted()
            .collect(Collectors.joining(","));
  }

  // Length-prefixed, so that moving bytes from one part to the next changes the fingerprint.
  private static void update(MessageDigest digest, byte[] part) {
    digest.update(
        HexFormat.of()
            .formatHex(
                new byte[] {
                  (byte) (part.length >>> 24),
                  (byte) (part.length >>> 16),
                  (byte) (part.length >>> 8),
                  (byte) part.length
                })
            .getBytes(StandardCharsets.US_ASCII));
    digest.update(part);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
