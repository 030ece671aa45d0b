package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.webhooks.WebhookSubscription;
import dev.avatar4d.protocol.JobOptions;
import java.util.List;
import java.util.Objects;

/**
 * A validated job submission, not stored yet; {@code webhook} is null without a webhook part.
 *
 * @param deadlines the job's time limits, from the request's headers
 */
public record Submission(
    InputImage source,
    List<InputImage> driving,
    JobOptions options,
    WebhookSubscription webhook,
    Deadlines deadlines) {
  public Submission {
    driving = List.copyOf(driving);
    Objects.requireNonNull(deadlines, "deadlines");
  }

  /** This submission with {@code limits} as its deadlines. */
  public Submission withDeadlines(Deadlines limits) {
    return new Submission(source, driving, options, webhook, limits);
  }
}
