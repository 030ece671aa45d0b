package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.maintenance.DeadlineSweeper;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Cancel-After} and {@code Start-Within} against the real stack, with no worker: the sweep
 * is run "as of" a later instant ({@link DeadlineSweeper#sweep}), so no test waits for a deadline.
 */
@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobDeadlineTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @InjectDevStack DevStack stack;
  @Inject DeadlineSweeper sweeper;

  @Test
  void aJobPastItsCancelAfterEndsCanceledWithDeadlineExceededAndTheWorkersAreToldToDropIt() {
    UUID id = Submit.valid(1).header("Cancel-After", "10m").accepted();
    JsonPath queued = job(id);
    Instant created = Instant.parse(queued.getString("createdAt"));
    Instant cancelAt = Instant.parse(queued.getString("cancelAt"));
    assertThat(cancelAt).isEqualTo(created.plus(Duration.ofMinutes(10)));
    assertThat(queued.getString("startBy")).isNull();
    JobRequest request = queuedRequest(id);
    assertThat(request.cancelAt()).isEqualTo(cancelAt);
    assertThat(request.startBy()).isNull();

    sweeper.sweep(cancelAt.minusMillis(1));
    given().get("/v1/jobs/" + id).then().body("state", equalTo("QUEUED"));

    assertThat(sweeper.sweep(cancelAt)).isGreaterThanOrEqualTo(1);

    given()
        .get("/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("CANCELED"))
        .body("errorCode", equalTo("deadline-exceeded"))
        .body("error", equalTo("canceled: not finished within its Cancel-After of 10 min"));
    JobCommand command = command(id);
    assertThat(command.kind()).isEqualTo(JobCommand.Kind.CANCEL);
    assertThat(sweeper.sweep(cancelAt.plusSeconds(60))).as("a finished job is left alone").isZero();
  }

  @Test
  void aJobNoWorkerStartedWithinItsStartWithinEndsCanceledWithNotStartedInTime() {
    UUID id = Submit.valid(1).header("Start-Within", "30s").header("Cancel-After", "1h").accepted();
    Instant startBy = Instant.parse(job(id).getString("startBy"));
    assertThat(queuedRequest(id).startBy()).isEqualTo(startBy);

    sweeper.sweep(startBy.minusMillis(1));
    given().get("/v1/jobs/" + id).then().body("state", equalTo("QUEUED"));
    sweeper.sweep(startBy);

    given()
        .get("/v1/jobs/" + id)
        .then()
        .body("state", equalTo("CANCELED"))
        .body("errorCode", equalTo("not-started-in-time"))
        .body("error", equalTo("canceled: no worker started it within its Start-Within of 30 s"));
    assertThat(command(id).kind()).isEqualTo(JobCommand.Kind.CANCEL);
  }

  @Test
  void aJobWithoutDeadlinesShowsNoneAndNoSweepEndsIt() {
    UUID id = Submit.valid(1).accepted();
    given().get("/v1/jobs/" + id).then().body("cancelAt", nullValue()).body("startBy", nullValue());
    sweeper.sweep(Instant.now().plus(Duration.ofHours(23)));
    given().get("/v1/jobs/" + id).then().body("state", equalTo("QUEUED"));
  }

  private static JsonPath job(UUID id) {
    return given().get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  private JobRequest queuedRequest(UUID id) {
    var record =
        KafkaProbe.find(
                stack.bootstrapServers(), Topics.JOBS, r -> id.toString().equals(r.key()), WAIT)
            .orElseThrow(() -> new AssertionError("no job request for " + id));
    return Json.fromBytes(record.value().getBytes(StandardCharsets.UTF_8), JobRequest.class);
  }

  private JobCommand command(UUID id) {
    var record =
        KafkaProbe.find(
                stack.bootstrapServers(),
                Topics.JOB_CONTROL,
                r -> id.toString().equals(r.key()),
                WAIT)
            .orElseThrow(() -> new AssertionError("no CANCEL command for " + id));
    return Json.fromBytes(record.value().getBytes(StandardCharsets.UTF_8), JobCommand.class);
  }
}
