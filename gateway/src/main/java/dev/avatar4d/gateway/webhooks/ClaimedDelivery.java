package dev.avatar4d.gateway.webhooks;

import java.util.List;

/**
 * A delivery the dispatcher claimed for one attempt, with what it needs to send it.
 *
 * @param attemptsBefore attempts recorded before this one
 * @param payload the exact body to send and sign
 * @param secrets the tenant's signing secrets, current first (filled in after claiming)
 */
public record ClaimedDelivery(
    String id,
    String tenant,
    String url,
    String payload,
    int attemptsBefore,
    List<String> secrets) {

  ClaimedDelivery withSecrets(List<String> signingSecrets) {
    return new ClaimedDelivery(
        id, tenant, url, payload, attemptsBefore, List.copyOf(signingSecrets));
  }
}
