package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class TenantIsolationTest {
  @Inject AgroalDataSource db;

  @Test
  void aRequestWithoutAKeyIsRefusedWith401AndABearerChallenge() {
    TestKeys.anonymous()
        .get("/v1/jobs")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("detail", containsString("Authorization: Bearer"));
  }

  @Test
  void anUnknownKeyIsRefusedAndLeavesNoJobBehind() {
    long jobsBefore = Db.count(db, "SELECT count(*) FROM jobs");
    Submit.valid(1)
        .withKey("a4d_not_a_key_anybody_was_given_000")
        .post()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE);
    assertThat(Db.count(db, "SELECT count(*) FROM jobs")).isEqualTo(jobsBefore);
  }

  @Test
  void keysAreStoredAsHashesOnly() {
    String key = Tenants.newTenantKey("hashes");
    assertThat(
            Db.count(
                db, "SELECT count(*) FROM api_keys WHERE key_hash = ? OR prefix = ?", key, key))
        .isZero();
    assertThat(
            Db.count(
                db,
                "SELECT count(*) FROM api_keys WHERE length(key_hash) = 64 AND ? LIKE prefix || '%'",
                key))
        .isEqualTo(1);
  }

  @Test
  void anotherTenantsJobLooksLikeAMissingOneForReadingListingAndCanceling() {
    String alice = Tenants.newTenantKey("alice");
    String bob = Tenants.newTenantKey("bob");
    UUID alicesJob = Submit.valid(1).withKey(alice).accepted();

    TestKeys.as(bob)
        .get("/v1/jobs/" + alicesJob)
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", not(containsString("alice")));
    TestKeys.as(bob).post("/v1/jobs/" + alicesJob + "/cancel").then().statusCode(404);
    TestKeys.as(bob)
        .get("/v1/jobs")
        .then()
        .statusCode(200)
        .body("jobs.id", not(hasItem(alicesJob.toString())));

    TestKeys.as(alice)
        .get("/v1/jobs/" + alicesJob)
        .then()
        .statusCode(200)
        .body("state", equalTo("QUEUED"));
    TestKeys.as(alice).get("/v1/jobs").then().body("jobs.id", hasItem(alicesJob.toString()));
    assertThat(Db.scalar(db, "SELECT state FROM jobs WHERE id = ?", alicesJob)).isEqualTo("QUEUED");
  }

  @Test
  void aRevokedKeyStopsWorkingOnItsNextRequest() {
    String tenantKey = Tenants.newTenantKey("revoked");
    TestKeys.as(tenantKey).get("/v1/jobs").then().statusCode(200);
    String keyId =
        Db.scalar(
                db,
                "SELECT id::text FROM api_keys WHERE ? LIKE prefix || '%' AND label = 'test'",
                tenantKey)
            .toString();

    TestKeys.admin()
        .delete("/admin/v1/keys/" + keyId)
        .then()
        .statusCode(200)
        .body("revokedAt", not(equalTo(null)));

    TestKeys.as(tenantKey)
        .get("/v1/jobs")
        .then()
        .statusCode(401)
        .body("detail", containsString("revoked"));
  }

  @Test
  void theAdminApiRefusesTenantKeysAndShowsNewKeysOnlyOnce() {
    TestKeys.as(TestKeys.DEFAULT).get("/admin/v1/tenants").then().statusCode(401);
    String key = Tenants.newTenantKey("listing");
    String tenant =
        given()
            .header("Authorization", TestKeys.bearer(key))
            .get("/v1/session")
            .then()
            .statusCode(200)
            .extract()
            .path("tenant");
    TestKeys.admin()
        .get("/admin/v1/tenants/" + tenant + "/keys")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].prefix", equalTo(key.substring(0, 10)))
        .body("[0]", not(org.hamcrest.Matchers.hasKey("key")));
  }

  @Test
  void aTenantIdThatBreaksTheRulesIsRefusedNamingTheField() {
    TestKeys.admin()
        .contentType("application/json")
        .body(Map.of("id", "Not Valid!"))
        .post("/admin/v1/tenants")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("id"));
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    // 0.2 requests per second over a 5 s burst window: a bucket of one token.
    String slow = Tenants.newTenantKey("slow", Map.of("requestsPerSecond", 0.2));
    TestKeys.as(slow).get("/v1/jobs").then().statusCode(200);
    TestKeys.as(slow)
        .get("/v1/jobs")
        .then()
        .statusCode(429)
        .contentType(Problem.MEDIA_TYPE)
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-5]"));
    // Other keys are not affected.
    TestKeys.as(TestKeys.DEFAULT).get("/v1/jobs").then().statusCode(200);
  }

  @Test
  void aTenantAtItsActiveJobQuotaGets429AndNothingIsStored() {
    String small = Tenants.newTenantKey("quota", Map.of("maxActiveJobs", 1));
    Submit.valid(1).withKey(small).accepted();
    long jobs = Db.count(db, "SELECT count(*) FROM jobs");
    long inputs = Db.count(db, "SELECT count(*) FROM job_inputs");

    Submit.valid(1)
        .withKey(small)
        .post()
        .statusCode(429)
        .contentType(Problem.MEDIA_TYPE)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue())
        .body("detail", containsString("quota is 1"));

    assertThat(Db.count(db, "SELECT count(*) FROM jobs")).isEqualTo(jobs);
    assertThat(Db.count(db, "SELECT count(*) FROM job_inputs")).isEqualTo(inputs);
  }

  @Test
  void theDashboardSessionCookieIsHttpOnlyAndAuthenticatesLikeTheKey() {
    String key = Tenants.newTenantKey("session");
    var answer = TestKeys.as(key).post("/v1/session").then().statusCode(200).extract();
    String setCookie = answer.header("Set-Cookie");
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    Cookie cookie = answer.detailedCookie("avatar4d_key");

    TestKeys.anonymous().cookie(cookie).get("/v1/jobs").then().statusCode(200);
    TestKeys.anonymous()
        .cookie(cookie)
        .get("/v1/session")
        .then()
        .body("tenant", startsWith("session-"));
  }
}
