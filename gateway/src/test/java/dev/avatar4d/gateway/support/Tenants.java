package dev.avatar4d.gateway.support;

import java.util.Map;
import java.util.UUID;

/**
 * Creates tenants and keys through the admin API, for tests that need more than the default tenant.
 */
public final class Tenants {
  private Tenants() {}

  /** A new tenant with a unique id starting with {@code name}; returns an API key for it. */
  public static String newTenantKey(String name) {
    return newTenantKey(name, Map.of());
  }

  /**
   * Like {@link #newTenantKey(String)}, with limits such as {@code maxActiveJobs} or {@code
   * requestsPerSecond}.
   */
  public static String newTenantKey(String name, Map<String, Object> limits) {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new java.util.HashMap<>(limits);
    body.put("id", id);
    body.put("name", name);
    TestKeys.admin()
        .contentType("application/json")
        .body(body)
        .post("/admin/v1/tenants")
        .then()
        .statusCode(201);
    return TestKeys.admin()
        .contentType("application/json")
        .body(Map.of("label", "test"))
        .post("/admin/v1/tenants/" + id + "/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }
}
