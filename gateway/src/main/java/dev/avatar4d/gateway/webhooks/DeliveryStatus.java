package dev.avatar4d.gateway.webhooks;

import java.util.Locale;

/** Where a delivery stands: still trying, acknowledged with a 2xx, or given up. */
public enum DeliveryStatus {
  PENDING,
  DELIVERED,
  FAILED;

  /** The name stored and shown, e.g. {@code delivered}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DeliveryStatus ofWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
