package dev.avatar4d.gateway.auth;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in this gateway's memory: no database write per request, but each gateway keeps its own,
 * so N gateways allow a key N times its rate ({@code avatar4d.auth.rate-limit-store=memory}).
 */
final class InMemoryTokenBuckets implements TokenBuckets {
  private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();

  @Override
  public Take take(UUID key, double rate, double capacity, Instant now) {
    TokenBucket bucket =
        buckets.compute(
            key,
            (id, old) ->
                old != null && old.sameShape(rate, capacity)
                    ? old
                    : new TokenBucket(rate, capacity, now.toEpochMilli()));
    return bucket.take(now.toEpochMilli());
  }
}
