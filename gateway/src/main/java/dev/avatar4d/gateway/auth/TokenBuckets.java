package dev.avatar4d.gateway.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * Where the rate limiter's buckets live: this process's memory, or the database shared by all
 * gateways.
 */
interface TokenBuckets {
  /**
   * Refills {@code key}'s bucket ({@code capacity} tokens, {@code rate} per second) up to {@code
   * now} and takes one token if a whole one is there. A key seen for the first time starts full.
   */
  Take take(UUID key, double rate, double capacity, Instant now);

  /**
   * What one request found.
   *
   * @param taken whether it got a token
   * @param tokensLeft the tokens in the bucket afterwards
   */
  record Take(boolean taken, double tokensLeft) {}
}
