package dev.avatar4d.gateway.webhooks;

import static io.restassured.RestAssured.given;

import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.AttemptKeys;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Helpers for webhook tests: submit with a webhook part, play worker events, read the delivery log.
 */
public final class WebhookJobs {
  private static final ModelStamp UNTRAINED = new ModelStamp("lite", "0".repeat(64), false, "cpu");

  private WebhookJobs() {}

  /**
   * {@code POST /v1/jobs} with {@code frames} driving frames and the given {@code webhook} part.
   */
  public static ValidatableResponse submit(
      RequestSpecification request, int frames, String webhookJson) {
    request.multiPart("source", "source.png", Images.png(0), "image/png");
    for (int i = 0; i < frames; i++) {
      request.multiPart("driving", "frame.png", Images.png(i + 1), "image/png");
    }
    request.multiPart("webhook", webhookJson, "application/json");
    return request.when().post("/v1/jobs").then();
  }

  /** Submits as the default tenant and returns the new job's id. */
  public static UUID accepted(int frames, String webhookJson) {
    return UUID.fromString(
        submit(given(), frames, webhookJson).statusCode(202).extract().path("id"));
  }

  /** A worker event of attempt 1 for a job of {@code total} frames. */
  public static JobEvent event(UUID job, long seq, JobEventType type, int framesDone, int total) {
    String error = type == JobEventType.FAILED ? "CUDA out of memory" : null;
    String manifest = type == JobEventType.SUCCEEDED ? AttemptKeys.newRun(job, 1).manifest() : null;
    return new JobEvent(
        UUID.randomUUID(),
        job,
        1,
        seq,
        type,
        "worker-a",
        Instant.now(),
        framesDone,
        total,
        error,
        manifest,
        UNTRAINED);
  }

  /**
   * Publishes the events on the job-events topic and waits until the gateway consumed the last one.
   */
  public static void play(String bootstrap, DataSource db, UUID job, JobEvent... events) {
    KafkaProbe.publish(bootstrap, Topics.JOB_EVENTS, job.toString(), List.of(events));
    UUID last = events[events.length - 1].eventId();
    Eventually.until(
        "event " + last + " to be consumed",
        Duration.ofSeconds(30),
        () -> Db.scalar(db, "select decision from job_events where event_id = ?", last) != null);
  }

  /** {@code GET /v1/jobs/{id}/webhooks} as the default tenant. */
  public static JsonPath log(UUID job) {
    return given().get("/v1/jobs/" + job + "/webhooks").then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the job has {@code count} deliveries and none is pending any more. */
  public static JsonPath awaitSettled(UUID job, int count, Duration timeout) {
    Eventually.until(
        count + " settled deliveries of job " + job,
        timeout,
        () -> {
          List<String> statuses = log(job).getList("deliveries.status");
          return statuses.size() == count && !statuses.contains("pending");
        });
    return log(job);
  }
}
