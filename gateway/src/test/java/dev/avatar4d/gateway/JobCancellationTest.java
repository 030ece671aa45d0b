package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobCancellationTest {
  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void cancelingAQueuedJobCancelsItAndTellsTheWorkers() {
    UUID job = Submit.valid(1).accepted();

    given()
        .post("/v1/jobs/" + job + "/cancel")
        .then()
        .statusCode(200)
        .body("state", equalTo("CANCELED"))
        .body("finishedAt", notNullValue());

    given().get("/v1/jobs/" + job).then().body("state", equalTo("CANCELED"));
    var record =
        KafkaProbe.find(
                stack.bootstrapServers(),
                Topics.JOB_CONTROL,
                r -> job.toString().equals(r.key()),
                Duration.ofSeconds(20))
            .orElseThrow(() -> new AssertionError("no CANCEL command for " + job));
    JobCommand command =
        Json.fromBytes(record.value().getBytes(StandardCharsets.UTF_8), JobCommand.class);
    assertThat(command.kind()).isEqualTo(JobCommand.Kind.CANCEL);
    assertThat(command.jobId()).isEqualTo(job);
  }

  @Test
  void cancelingARunningJobWinsOverTheWorkersLaterProgress() {
    UUID job = Submit.valid(3).accepted();
    JobEvent started =
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            0,
            JobEventType.STARTED,
            "w",
            Instant.now(),
            0,
            3,
            null,
            null,
            null);
    KafkaProbe.publish(
        stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(started));
    Eventually.until(
        "the job to run",
        Duration.ofSeconds(30),
        () -> "RUNNING".equals(Db.scalar(db, "select state from jobs where id = ?", job)));

    given()
        .post("/v1/jobs/" + job + "/cancel")
        .then()
        .statusCode(200)
        .body("state", equalTo("CANCELED"));

    JobEvent progress =
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            1,
            JobEventType.PROGRESS,
            "w",
            Instant.now(),
            1,
            3,
            null,
            null,
            null);
    KafkaProbe.publish(
        stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(progress));
    Eventually.until(
        "the progress event to be consumed",
        Duration.ofSeconds(30),
        () ->
            Db.scalar(db, "select decision from job_events where event_id = ?", progress.eventId())
                != null);
    given()
        .get("/v1/jobs/" + job)
        .then()
        .body("state", equalTo("CANCELED"))
        .body("progress.framesDone", equalTo(0));
  }

  @Test
  void cancelingAFinishedJobIsAConflict() {
    UUID job = Submit.valid(1).accepted();
    given().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);

    given()
        .post("/v1/jobs/" + job + "/cancel")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", equalTo(409))
        .body("instance", equalTo("/v1/jobs/" + job + "/cancel"));
  }

  @Test
  void cancelingAnUnknownJobIsNotFound() {
    given()
        .post("/v1/jobs/" + UUID.randomUUID() + "/cancel")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
