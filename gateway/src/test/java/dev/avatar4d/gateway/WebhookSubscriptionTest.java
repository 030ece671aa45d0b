package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.gateway.webhooks.WebhookJobs;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class WebhookSubscriptionTest {
  @Inject AgroalDataSource db;

  @Test
  void aJobSubmittedWithAWebhookShowsItInItsDeliveryLog() {
    UUID job =
        WebhookJobs.accepted(
            1, "{\"url\": \"https://127.0.0.1:9/in\", \"events\": [\"progress\", \"started\"]}");

    given()
        .get("/v1/jobs/" + job + "/webhooks")
        .then()
        .statusCode(200)
        .body("jobId", equalTo(job.toString()))
        .body("subscription.url", equalTo("https://127.0.0.1:9/in"))
        .body("subscription.events", org.hamcrest.Matchers.contains("started", "progress"))
        .body("deliveries", empty());
  }

  @Test
  void aJobWithoutAWebhookHasAnEmptyLog() {
    UUID job = Submit.valid(1).accepted();

    given()
        .get("/v1/jobs/" + job + "/webhooks")
        .then()
        .statusCode(200)
        .body("subscription", nullValue())
        .body("deliveries", empty());
  }

  @Test
  void aUrlThatIsNotHttpOrCarriesUserInfoIsRefusedWith400NamingWebhookUrl() {
    long subscriptions = Db.count(db, "select count(*) from webhook_subscriptions");

    for (String url :
        new String[] {"ftp://127.0.0.1/in", "http://user:pw@127.0.0.1/in", "javascript:alert(1)"}) {
      WebhookJobs.submit(given(), 1, "{\"url\": \"" + url + "\"}")
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo("webhook.url"));
    }
    assertThat(Db.count(db, "select count(*) from webhook_subscriptions")).isEqualTo(subscriptions);
  }

  @Test
  void anUnknownEventIsRefusedNamingItsIndex() {
    WebhookJobs.submit(
            given(), 1, "{\"url\": \"https://127.0.0.1/in\", \"events\": [\"started\", \"done\"]}")
        .statusCode(400)
        .body("errors[0].field", equalTo("webhook.events[1]"))
        .body("errors[0].message", containsString("started, progress or completed"));
  }

  @Test
  void theLogOfAnotherTenantsJobOrOfNoJobIsA404Problem() {
    String otherKey = Tenants.newTenantKey("hooks");
    UUID theirs =
        UUID.fromString(
            WebhookJobs.submit(TestKeys.as(otherKey), 1, "{\"url\": \"https://127.0.0.1/in\"}")
                .statusCode(202)
                .extract()
                .path("id"));

    given()
        .get("/v1/jobs/" + theirs + "/webhooks")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    TestKeys.as(otherKey)
        .get("/v1/jobs/" + theirs + "/webhooks")
        .then()
        .statusCode(200)
        .body("subscription.url", equalTo("https://127.0.0.1/in"));
    given().get("/v1/jobs/" + UUID.randomUUID() + "/webhooks").then().statusCode(404);
    given().get("/v1/jobs/not-a-uuid/webhooks").then().statusCode(404);
  }
}
