package dev.avatar4d.gateway.auth;

/** A tenant with this id exists already (HTTP 409 on the admin API). */
public class TenantExistsException extends RuntimeException {
  public TenantExistsException(String id) {
    super("a tenant '" + id + "' exists already");
  }
}
