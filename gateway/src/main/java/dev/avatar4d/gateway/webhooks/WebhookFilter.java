package dev.avatar4d.gateway.webhooks;

import java.util.Locale;
import java.util.Optional;

/** What a subscription may ask for in its {@code events} list. */
public enum WebhookFilter {
  /** A worker took the job ({@code job.started}), once per attempt. */
  STARTED,
  /** Frames done so far ({@code job.progress}). */
  PROGRESS,
  /** The job finished: {@code job.succeeded}, {@code job.failed} or {@code job.canceled}. */
  COMPLETED;

  /** The name clients write, e.g. {@code completed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The filter called {@code name} by clients, if there is one. */
  public static Optional<WebhookFilter> byWireName(String name) {
    for (WebhookFilter filter : values()) {
      if (filter.wireName().equals(name)) {
        return Optional.of(filter);
      }
    }
    return Optional.empty();
  }
}
