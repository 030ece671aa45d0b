package dev.avatar4d.gateway.auth;

/** No tenant with this id (HTTP 404 on the admin API). */
public class TenantNotFoundException extends RuntimeException {
  public TenantNotFoundException(String id) {
    super("no tenant '" + id + "'");
  }
}
