package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.Submit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class OperationsEndpointsTest {

  @Test
  void readinessReportsDatabaseKafkaAndObjectStoreUp() {
    Eventually.until(
        "readiness UP",
        Duration.ofSeconds(30),
        () -> given().get("/q/health/ready").statusCode() == 200);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name", hasItems("kafka", "object-store", "Database connections health check"));
  }

  @Test
  void metricsCountSubmittedJobsAndShowTheOutboxBacklog() {
    Submit.valid(1).accepted();
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("jobs_submitted_total"))
        .body(containsString("outbox_backlog"));
  }

  @Test
  void finishedJobsAreCountedByState() {
    UUID job = Submit.valid(1).accepted();
    given().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("jobs_finished_total{state=\"CANCELED\"}"));
  }

  @Test
  void theOpenapiDocumentDescribesTheJobApi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/v1/jobs/{id}/cancel"))
        .body(containsString("Submit a job"));
  }

  @Test
  void theHomePageIsTheDashboardWithItsScripts() {
    // The dashboard jar ships index.html, which Quarkus serves at /.
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("<title>Avatar4D jobs</title>"))
        .body(containsString("/jobs.js"));
    // Browsers run module scripts only when they are served as JavaScript.
    given().get("/jobs.js").then().statusCode(200).contentType(containsString("javascript"));
    given().get("/common.js").then().statusCode(200).body(containsString("/v1/jobs/stream"));
  }
}
