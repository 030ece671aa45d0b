package dev.avatar4d.gateway.config;

/** Where the rate limiter keeps its token buckets ({@code avatar4d.auth.rate-limit-store}). */
public enum RateLimitStore {
  /** PostgreSQL, shared by every gateway. */
  DATABASE,
  /** This gateway's memory. */
  MEMORY
}
