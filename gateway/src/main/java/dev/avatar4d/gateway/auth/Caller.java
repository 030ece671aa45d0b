package dev.avatar4d.gateway.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, for the current HTTP request: the tenant whose API key (or dashboard session)
 * {@link ApiKeyFilter} accepted. Every {@code /v1} resource reads the tenant from here and never
 * from the request itself, so one tenant cannot name another's jobs.
 */
@RequestScoped
public class Caller {
  private String tenant;
  private String keyId;

  /**
   * The authenticated tenant; {@link IllegalStateException} if the request was not authenticated.
   */
  public String tenant() {
    if (tenant == null) {
      throw new IllegalStateException("no authenticated caller on this request");
    }
    return tenant;
  }

  /** Id of the API key used (for rate limiting and logs). */
  public String keyId() {
    return keyId;
  }

  /** Whether a tenant was authenticated on this request. */
  public boolean isAuthenticated() {
    return tenant != null;
  }

  void authenticate(String tenant, String keyId) {
    this.tenant = tenant;
    this.keyId = keyId;
  }
}
