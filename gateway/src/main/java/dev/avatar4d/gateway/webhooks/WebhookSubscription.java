package dev.avatar4d.gateway.webhooks;

import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where and for what a job's webhook is sent.
 *
 * @param url an http(s) URL that passed {@link WebhookUrlGuard}
 * @param events the filters asked for, never empty
 */
public record WebhookSubscription(URI url, Set<WebhookFilter> events) {
  public WebhookSubscription {
    Objects.requireNonNull(url, "url");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one event");
    }
    events = Set.copyOf(EnumSet.copyOf(events));
  }

  /** Whether an event of {@code type} is sent to this subscription. */
  public boolean wants(WebhookEventType type) {
    return events.contains(type.filter());
  }
}
