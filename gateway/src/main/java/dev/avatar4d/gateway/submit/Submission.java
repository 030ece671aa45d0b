package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.webhooks.WebhookSubscription;
import dev.avatar4d.protocol.JobOptions;
import java.util.List;

/** A validated job submission, not stored yet; {@code webhook} is null without a webhook part. */
public record Submission(
    InputImage source, List<InputImage> driving, JobOptions options, WebhookSubscription webhook) {
  public Submission {
    driving = List.copyOf(driving);
  }
}
