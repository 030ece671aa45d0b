package dev.avatar4d.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;

/**
 * Credentials of the gateway under test. {@link DevStackResource} starts it with {@link #DEFAULT}
 * as the bootstrap key of tenant {@code default} and {@link #ADMIN} as the operator token, and
 * makes every RestAssured request carry {@link #DEFAULT} unless a test sets its own {@code
 * Authorization} header.
 */
public final class TestKeys {
  /** API key of tenant {@code default}. */
  public static final String DEFAULT = "a4d_test_default_tenant_key_0000000000";

  /** The operator token for {@code /admin/v1}. */
  public static final String ADMIN = "test-admin-token-0123456789abcdef";

  /** The key webhook signing secrets are encrypted with in the test database (bytes 0..31). */
  public static final String WEBHOOK_SECRET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private TestKeys() {}

  /** {@code Authorization} header value for {@code key}. */
  public static String bearer(String key) {
    return "Bearer " + key;
  }

  /** A request authenticated as the operator. */
  public static RequestSpecification admin() {
    return given().header("Authorization", bearer(ADMIN));
  }

  /** A request authenticated with {@code key} instead of the default tenant's. */
  public static RequestSpecification as(String key) {
    return given().header("Authorization", bearer(key));
  }

  /** A request with no credentials at all. */
  public static RequestSpecification anonymous() {
    return given().header("Authorization", "");
  }

  /** Makes {@link #DEFAULT} the credentials of every request that does not name its own. */
  static synchronized void useDefaultKeyForAllRequests() {
    if (!RestAssured.filters().contains(DEFAULT_KEY)) {
      RestAssured.filters(DEFAULT_KEY);
    }
  }

  // A filter rather than a request specification: a specification would freeze the port
  // RestAssured had before Quarkus set the test port.
  private static final Filter DEFAULT_KEY =
      (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
          request.header("Authorization", bearer(DEFAULT));
        }
        return context.next(request, response);
      };
}
