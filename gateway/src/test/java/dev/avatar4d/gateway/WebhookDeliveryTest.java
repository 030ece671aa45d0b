package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.InjectDevStack;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class WebhookDeliveryTest {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void aReceiverThatFailsAtFirstGetsEveryEventAcknowledgedExactlyOnceAndCorrectlySigned()
      throws Exception {
    String secret =
        given().get("/v1/webhooks/secret").then().statusCode(200).extract().path("secret");
    try (WebhookReceiver receiver = WebhookReceiver.failingFor(Duration.ofSeconds(2), 500)) {
      UUID job = WebhookJobs.accepted(2, "{\"url\": \"" + receiver.url() + "\"}");

      WebhookJobs.play(
          stack.bootstrapServers(),
          db,
          job,
          WebhookJobs.event(job, 0, JobEventType.STARTED, 0, 2),
          WebhookJobs.event(job, 1, JobEventType.PROGRESS, 1, 2),
          WebhookJobs.event(job, 2, JobEventType.SUCCEEDED, 2, 2));
      JsonPath log = WebhookJobs.awaitSettled(job, 3, Duration.ofSeconds(30));

      List<WebhookReceiver.Request> all = receiver.requests();
      List<WebhookReceiver.Request> acknowledged =
          all.stream().filter(r -> r.status() == 200).toList();
      Map<String, Long> acksPerId =
          acknowledged.stream()
              .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
      assertThat(acksPerId)
          .containsOnlyKeys(log.getList("deliveries.id", String.class).toArray(String[]::new));
      assertThat(acksPerId.values()).containsOnly(1L);
      assertThat(acknowledged)
          .extracting(r -> JsonPath.from(body(r)).getString("type"))
          .containsExactlyInAnyOrder("job.started", "job.progress", "job.succeeded");
      assertThat(log.getList("deliveries.status")).containsOnly("delivered");
      assertThat(log.getList("deliveries.attempts", Integer.class))
          .allMatch(attempts -> attempts > 1);
      assertThat(log.getList("deliveries.lastStatusCode", Integer.class)).containsOnly(200);
      assertThat(log.getList("deliveries.lastError")).containsOnlyNulls();
      assertThat(log.getList("deliveries.nextAttemptAt")).containsOnlyNulls();
      assertThat(log.getList("deliveries.deliveredAt")).doesNotContainNull();
      for (WebhookReceiver.Request request : all) {
        assertThatCode(() -> verify(request, request.body(), secret)).doesNotThrowAnyException();
      }
      for (Map.Entry<String, List<WebhookReceiver.Request>> attempts : byId(all).entrySet()) {
        assertThat(attempts.getValue())
            .extracting(WebhookDeliveryTest::body)
            .containsOnly(body(attempts.getValue().get(0)));
      }
      JsonPath succeeded =
          JsonPath.from(
              body(
                  acknowledged.stream()
                      .filter(r -> body(r).contains("job.succeeded"))
                      .findFirst()
                      .orElseThrow()));
      assertThat(succeeded.getString("data.id")).isEqualTo(job.toString());
      assertThat(succeeded.getString("data.state")).isEqualTo("SUCCEEDED");
      assertThat(succeeded.getDouble("data.progress.fraction")).isEqualTo(1.0);
      report(receiver, all, log);
    }
  }

  @Test
  void aTamperedBodyFailsVerification() throws Exception {
    String secret = given().get("/v1/webhooks/secret").then().extract().path("secret");
    try (WebhookReceiver receiver = WebhookReceiver.healthy()) {
      UUID job =
          WebhookJobs.accepted(
              1, "{\"url\": \"" + receiver.url() + "\", \"events\": [\"started\"]}");
      WebhookJobs.play(
          stack.bootstrapServers(), db, job, WebhookJobs.event(job, 0, JobEventType.STARTED, 0, 1));
      WebhookJobs.awaitSettled(job, 1, Duration.ofSeconds(30));
      WebhookReceiver.Request request = receiver.requests().get(0);
      byte[] tampered =
          body(request).replace("RUNNING", "SUCCEEDED").getBytes(StandardCharsets.UTF_8);

      assertThat(tampered).isNotEqualTo(request.body());
      verify(request, request.body(), secret);
      assertThatThrownBy(() -> verify(request, tampered, secret))
          .isInstanceOf(WebhookVerificationException.class);
    }
  }

  @Test
  void onlyTheAskedEventsAreSentAndACancelByRequestIsAnnouncedAsCompleted() {
    try (WebhookReceiver receiver = WebhookReceiver.healthy()) {
      UUID job =
          WebhookJobs.accepted(
              3, "{\"url\": \"" + receiver.url() + "\", \"events\": [\"completed\"]}");
      WebhookJobs.play(
          stack.bootstrapServers(),
          db,
          job,
          WebhookJobs.event(job, 0, JobEventType.STARTED, 0, 3),
          WebhookJobs.event(job, 1, JobEventType.PROGRESS, 1, 3));

      Instant canceledAt = Instant.now();
      given().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
      JsonPath log = WebhookJobs.awaitSettled(job, 1, Duration.ofSeconds(30));

      assertThat(log.getList("deliveries.type")).containsExactly("job.canceled");
      assertThat(log.getList("subscription.events")).containsExactly("completed");
      assertThat(receiver.requests()).hasSize(1);
      JsonPath payload = JsonPath.from(body(receiver.requests().get(0)));
      assertThat(payload.getString("type")).isEqualTo("job.canceled");
      assertThat(payload.getString("data.state")).isEqualTo("CANCELED");
      assertThat(payload.getInt("data.progress.framesDone")).isEqualTo(1);
      System.out.printf(
          "webhook latency, cancel request to receipt: %d ms%n",
          Duration.between(canceledAt, receiver.requests().get(0).at()).toMillis());
    }
  }

  @Test
  void aReceiverThatNeverRecoversGetsMaxAttemptsAndTheDeliveryEndsFailed() {
    try (WebhookReceiver receiver = WebhookReceiver.alwaysFailing(503)) {
      UUID job =
          WebhookJobs.accepted(
              1, "{\"url\": \"" + receiver.url() + "\", \"events\": [\"completed\"]}");
      WebhookJobs.play(
          stack.bootstrapServers(),
          db,
          job,
          WebhookJobs.event(job, 0, JobEventType.STARTED, 0, 1),
          WebhookJobs.event(job, 1, JobEventType.FAILED, 0, 1));
      JsonPath log = WebhookJobs.awaitSettled(job, 1, Duration.ofSeconds(60));

      assertThat(log.getString("deliveries[0].type")).isEqualTo("job.failed");
      assertThat(log.getString("deliveries[0].status")).isEqualTo("failed");
      assertThat(log.getInt("deliveries[0].attempts"))
          .isEqualTo(20); // avatar4d.webhooks.max-attempts of the suite
      assertThat(log.getInt("deliveries[0].lastStatusCode")).isEqualTo(503);
      assertThat(log.getString("deliveries[0].lastError")).isEqualTo("HTTP 503");
      assertThat(log.getString("deliveries[0].nextAttemptAt")).isNull();
      assertThat(receiver.requests())
          .hasSize(20)
          .extracting(r -> r.header("webhook-id"))
          .containsOnly(log.getString("deliveries[0].id"));
      assertThat(JsonPath.from(body(receiver.requests().get(0))).getString("data.error"))
          .isEqualTo("CUDA out of memory");
      List<WebhookReceiver.Request> requests = receiver.requests();
      System.out.printf(
          "webhook never-recovering receiver: %d attempts over %d ms%n",
          requests.size(),
          Duration.between(requests.get(0).at(), requests.get(requests.size() - 1).at())
              .toMillis());
    }
  }

  private static void verify(WebhookReceiver.Request request, byte[] body, String secret)
      throws WebhookVerificationException {
    WebhookSignature.verify(request.headers(), body, List.of(secret), TOLERANCE, Clock.systemUTC());
  }

  private static String body(WebhookReceiver.Request request) {
    return new String(request.body(), StandardCharsets.UTF_8);
  }

  private static Map<String, List<WebhookReceiver.Request>> byId(
      List<WebhookReceiver.Request> requests) {
    return requests.stream().collect(Collectors.groupingBy(r -> r.header("webhook-id")));
  }

  /** Prints the observed retry schedule; figures for the record, not assertions. */
  private static void report(
      WebhookReceiver receiver, List<WebhookReceiver.Request> all, JsonPath log) {
    for (Map.Entry<String, List<WebhookReceiver.Request>> delivery : byId(all).entrySet()) {
      List<WebhookReceiver.Request> attempts = delivery.getValue();
      long[] gaps = new long[attempts.size() - 1];
      for (int i = 1; i < attempts.size(); i++) {
        gaps[i - 1] = Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis();
      }
      System.out.printf(
          "webhook %s: %d attempts, gaps ms %s, acknowledged %d ms after recovery%n",
          JsonPath.from(body(attempts.get(0))).getString("type"),
          attempts.size(),
          Arrays.toString(gaps),
          Duration.between(receiver.recoveredAt(), attempts.get(attempts.size() - 1).at())
              .toMillis());
    }
    System.out.printf("webhook log attempts: %s%n", log.getList("deliveries.attempts"));
  }
}
