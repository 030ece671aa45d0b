package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.protocol.JobEventType;
import java.util.Optional;

/** The {@code type} of a webhook payload, and which subscription filter lets it through. */
public enum WebhookEventType {
  JOB_STARTED("job.started", WebhookFilter.STARTED),
  JOB_PROGRESS("job.progress", WebhookFilter.PROGRESS),
  JOB_SUCCEEDED("job.succeeded", WebhookFilter.COMPLETED),
  JOB_FAILED("job.failed", WebhookFilter.COMPLETED),
  JOB_CANCELED("job.canceled", WebhookFilter.COMPLETED);

  private final String wireName;
  private final WebhookFilter filter;

  WebhookEventType(String wireName, WebhookFilter filter) {
    this.wireName = wireName;
    this.filter = filter;
  }

  /** The payload's {@code type}, e.g. {@code job.succeeded}. */
  public String wireName() {
    return wireName;
  }

  /** The subscription filter that selects this type. */
  public WebhookFilter filter() {
    return filter;
  }

  /**
   * The webhook announcing an applied job event of {@code type}; none for REQUEUED, which is an
   * internal retry the job's client cannot act on (the next STARTED says the job runs again).
   */
  public static Optional<WebhookEventType> of(JobEventType type) {
    return switch (type) {
      case STARTED -> Optional.of(JOB_STARTED);
      case PROGRESS -> Optional.of(JOB_PROGRESS);
      case SUCCEEDED -> Optional.of(JOB_SUCCEEDED);
      case FAILED -> Optional.of(JOB_FAILED);
      case CANCELED -> Optional.of(JOB_CANCELED);
      case REQUEUED -> Optional.empty();
    };
  }
}
