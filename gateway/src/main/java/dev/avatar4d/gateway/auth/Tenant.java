package dev.avatar4d.gateway.auth;

import java.time.Instant;

/**
 * One row of {@code tenants}.
 *
 * @param maxActiveJobs own quota of QUEUED plus RUNNING jobs, or null for the gateway default
 * @param requestsPerSecond own per-key request rate, or null for the gateway default
 */
public record Tenant(
    String id, String name, Integer maxActiveJobs, Double requestsPerSecond, Instant createdAt) {}
