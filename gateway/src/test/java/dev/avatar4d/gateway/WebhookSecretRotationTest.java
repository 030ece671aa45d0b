package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.gateway.webhooks.WebhookJobs;
import dev.avatar4d.gateway.webhooks.WebhookReceiver;
import dev.avatar4d.gateway.webhooks.WebhookSignature;
import dev.avatar4d.gateway.webhooks.WebhookVerificationException;
import dev.avatar4d.protocol.JobEventType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class WebhookSecretRotationTest {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void aTenantGetsItsOwnSecretOnFirstUseAndKeepsItUntilRotation() {
    String otherKey = Tenants.newTenantKey("secrets");

    JsonPath first =
        TestKeys.as(otherKey)
            .get("/v1/webhooks/secret")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .extract()
            .jsonPath();
    String again = TestKeys.as(otherKey).get("/v1/webhooks/secret").then().extract().path("secret");
    String defaults = given().get("/v1/webhooks/secret").then().extract().path("secret");

    assertThat(first.getString("secret"))
        .startsWith("whsec_")
        .isEqualTo(again)
        .isNotEqualTo(defaults);
    assertThat(Base64.getDecoder().decode(first.getString("secret").substring(6)))
        .hasSizeGreaterThanOrEqualTo(24);
    assertThat(first.getString("previousSignsUntil")).isNull();
  }

  @Test
  void theDatabaseHoldsEachSecretEncryptedAndNeverInTheClear() {
    String otherKey = Tenants.newTenantKey("sealed");
    String secret =
        TestKeys.as(otherKey)
            .get("/v1/webhooks/secret")
            .then()
            .statusCode(200)
            .extract()
            .path("secret");
    String tenant =
        (String)
            Db.scalar(
                db,
                "select tenant from webhook_secrets where retired_at is null and tenant like 'sealed%' order by created_at desc limit 1");

    String stored =
        (String)
            Db.scalar(
                db,
                "select secret from webhook_secrets where tenant = ? and retired_at is null",
                tenant);

    assertThat(stored)
        .startsWith("aesgcm:v1:")
        .doesNotContain(secret)
        .doesNotContain(secret.substring(6));
    assertThat(
            new String(
                Base64.getDecoder().decode(stored.substring(10)),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(secret.substring(6));
  }

  @Test
  void afterRotationTheOldAndTheNewSecretEachVerifyTheWebhook() throws Exception {
    String old = given().get("/v1/webhooks/secret").then().extract().path("secret");
    JsonPath rotated =
        given().post("/v1/webhooks/secret/rotate").then().statusCode(200).extract().jsonPath();
    String current = rotated.getString("secret");

    assertThat(current).isNotEqualTo(old);
    assertThat(given().get("/v1/webhooks/secret").then().extract().<String>path("secret"))
        .isEqualTo(current);
    assertThat(
            Duration.between(Instant.now(), Instant.parse(rotated.getString("previousSignsUntil"))))
        .isBetween(
            Duration.ofHours(23),
            Duration.ofHours(24)); // avatar4d.webhooks.secret-rotation-overlap
    WebhookReceiver.Request request = deliverOneWebhook();

    assertThat(request.header("webhook-signature").split(" "))
        .hasSize(2)
        .allMatch(s -> s.startsWith("v1,"));
    verify(request, old);
    verify(request, current);
    assertThatThrownBy(() -> verify(request, WebhookSignature.newSecret()))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void rotatingTwiceStopsTheOldestSecretAtOnce() throws Exception {
    String oldest = given().get("/v1/webhooks/secret").then().extract().path("secret");
    String middle = given().post("/v1/webhooks/secret/rotate").then().extract().path("secret");
    String newest = given().post("/v1/webhooks/secret/rotate").then().extract().path("secret");
    WebhookReceiver.Request request = deliverOneWebhook();

    verify(request, newest);
    verify(request, middle);
    assertThatThrownBy(() -> verify(request, oldest))
        .isInstanceOf(WebhookVerificationException.class);
  }

  private WebhookReceiver.Request deliverOneWebhook() {
    try (WebhookReceiver receiver = WebhookReceiver.healthy()) {
      UUID job =
          WebhookJobs.accepted(
              1, "{\"url\": \"" + receiver.url() + "\", \"events\": [\"started\"]}");
      WebhookJobs.play(
          stack.bootstrapServers(), db, job, WebhookJobs.event(job, 0, JobEventType.STARTED, 0, 1));
      WebhookJobs.awaitSettled(job, 1, Duration.ofSeconds(30));
      return receiver.requests().get(0);
    }
  }

  private static void verify(WebhookReceiver.Request request, String secret)
      throws WebhookVerificationException {
    WebhookSignature.verify(
        request.headers(), request.body(), List.of(secret), TOLERANCE, Clock.systemUTC());
  }
}
