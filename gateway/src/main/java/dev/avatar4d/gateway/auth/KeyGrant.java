package dev.avatar4d.gateway.auth;

import java.util.UUID;

/**
 * What a valid API key lets its holder do: act as {@code tenant}, at the tenant's request rate.
 *
 * @param requestsPerSecond the tenant's own rate, or null for the gateway default
 */
public record KeyGrant(UUID keyId, String tenant, Double requestsPerSecond) {}
