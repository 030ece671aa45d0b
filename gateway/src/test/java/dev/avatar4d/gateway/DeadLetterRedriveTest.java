package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.JobKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class DeadLetterRedriveTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void redrivingTheDeadLettersRequeuesAFailedJobWhoseNextAttemptThenSucceeds() {
    UUID job = Submit.valid(2).accepted();
    failAfterTwoAttempts(job);

    JsonPath report = redriveDeadLetters();

    assertThat(report.getList("redrivenJobs", String.class)).contains(job.toString());
    assertThat(report.getInt("examined")).isGreaterThanOrEqualTo(1);
    given()
        .get("/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("state", equalTo("QUEUED"))
        .body("error", nullValue())
        .body("worker", nullValue())
        .body("finishedAt", nullValue());
    JobRequest again = requestOnQueue(job, 2);
    assertThat(again.drivingKeys()).hasSize(2);
    assertThat(again.sourceKey()).startsWith(JobKeys.inputPrefix(job));
    assertThat(
            Db.scalar(
                db,
                "select previous_error from job_requeues where job_id = ? and origin = 'dead-letter'",
                job))
        .isEqualTo("gave up after 2 attempts: CUDA out of memory");

    // A straggler of the failed attempt, later in its sequence than anything applied, is stale now.
    JobEvent straggler = event(job, 2, 7, JobEventType.PROGRESS);
    JobEvent started = event(job, 3, 0, JobEventType.STARTED);
    JobEvent succeeded =
        new JobEvent(
            UUID.randomUUID(),
            job,
            3,
            1,
            JobEventType.SUCCEEDED,
            "worker-b",
            Instant.now(),
            2,
            2,
            null,
            AttemptKeys.newRun(job, 3).manifest(),
            null);
    publish(job, straggler);
    awaitConsumed(straggler);
    publish(job, started, succeeded);
    awaitConsumed(succeeded);

    assertThat(decision(straggler)).isEqualTo("IGNORE_STALE");
    assertThat(decision(started)).isEqualTo("APPLY");
    assertThat(decision(succeeded)).isEqualTo("APPLY");
    given()
        .get("/v1/jobs/" + job)
        .then()
        .body("state", equalTo("SUCCEEDED"))
        .body("attempt", equalTo(3));
  }

  @Test
  void aSecondRedriveRequeuesNothingTwice() {
    UUID job = Submit.valid(1).accepted();
    failAfterTwoAttempts(job);
    deadLetter(job, "second copy of the same job");

    JsonPath first = redriveDeadLetters();
    JsonPath second = redriveDeadLetters();

    assertThat(first.getList("redrivenJobs", String.class)).containsOnlyOnce(job.toString());
    assertThat(second.getList("redrivenJobs", String.class)).doesNotContain(job.toString());
    assertThat(second.getList("skips.findAll { it.key == '" + job + "' }.reason", String.class))
        .containsExactly("not-failed", "not-failed");
    assertThat(second.getInt("skipped"))
        .isEqualTo(second.getInt("examined") - second.getInt("redriven"));
    assertThat(
            Db.count(
                db,
                "select count(*) from outbox where topic = ? and record_key = ?",
                Topics.JOBS,
                job.toString()))
        .isEqualTo(2);
    assertThat(Db.count(db, "select count(*) from job_requeues where job_id = ?", job))
        .isEqualTo(1);
  }

  @Test
  void anOperatorRedrivesOneFailedJobByIdAndAQueuedOneIsAConflict() {
    UUID job = Submit.valid(1).accepted();
    failAfterTwoAttempts(job);

    TestKeys.admin()
        .post("/admin/v1/jobs/" + job + "/redrive")
        .then()
        .statusCode(202)
        .header("Location", endsWith("/v1/jobs/" + job))
        .body("state", equalTo("QUEUED"));
    requestOnQueue(job, 2);

    TestKeys.admin()
        .post("/admin/v1/jobs/" + job + "/redrive")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("status", equalTo(409));
    TestKeys.admin()
        .post("/admin/v1/jobs/" + UUID.randomUUID() + "/redrive")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void aTenantRetriesItsOwnFailedJob() {
    UUID job = Submit.valid(1).accepted();
    failAfterTwoAttempts(job);

    given()
        .post("/v1/jobs/" + job + "/retry")
        .then()
        .statusCode(202)
        .header("Location", endsWith("/v1/jobs/" + job))
        .body("state", equalTo("QUEUED"))
        .body("attempt", equalTo(2));

    requestOnQueue(job, 2);
    assertThat(Db.scalar(db, "select origin from job_requeues where job_id = ?", job))
        .isEqualTo("tenant");
  }

  @Test
  void retryingAJobThatDidNotFailIsAConflictAndChangesNothing() {
    UUID queued = Submit.valid(1).accepted();
    UUID canceled = Submit.valid(1).accepted();
    given().post("/v1/jobs/" + canceled + "/cancel").then().statusCode(200);

    given()
        .post("/v1/jobs/" + queued + "/retry")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("instance", equalTo("/v1/jobs/" + queued + "/retry"));
    given()
        .post("/v1/jobs/" + canceled + "/retry")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE);

    assertThat(Db.scalar(db, "select state from jobs where id = ?", canceled))
        .isEqualTo("CANCELED");
    assertThat(
            Db.count(
                db, "select count(*) from job_requeues where job_id in (?, ?)", queued, canceled))
        .isZero();
  }

  @Test
  void anotherTenantsFailedJobLooksMissingAndOnlyItsOwnerCanRetryIt() {
    String alice = Tenants.newTenantKey("alice");
    String mallory = Tenants.newTenantKey("mallory");
    UUID alicesJob = Submit.valid(1).withKey(alice).accepted();
    failAfterTwoAttempts(alicesJob);

    TestKeys.as(mallory)
        .post("/v1/jobs/" + alicesJob + "/retry")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE);
    assertThat(Db.scalar(db, "select state from jobs where id = ?", alicesJob)).isEqualTo("FAILED");
    assertThat(Db.count(db, "select count(*) from job_requeues where job_id = ?", alicesJob))
        .isZero();

    TestKeys.as(alice).post("/v1/jobs/" + alicesJob + "/retry").then().statusCode(202);
  }

  @Test
  void redriveRefusesATenantKeyInPlaceOfTheOperatorToken() {
    given()
        .post("/admin/v1/dead-letters/redrive")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE);
  }

  /** The worker's side of giving up: two attempts, the second FAILED, the request dead-lettered. */
  private void failAfterTwoAttempts(UUID job) {
    JobEvent failed =
        new JobEvent(
            UUID.randomUUID(),
            job,
            2,
            1,
            JobEventType.FAILED,
            "worker-a",
            Instant.now(),
            0,
            1,
            "gave up after 2 attempts: CUDA out of memory",
            null,
            null);
    publish(
        job,
        event(job, 1, 0, JobEventType.STARTED),
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            1,
            JobEventType.REQUEUED,
            "worker-a",
            Instant.now(),
            0,
            1,
            "attempt 1 failed, will retry",
            null,
            null),
        event(job, 2, 0, JobEventType.STARTED),
        failed);
    awaitConsumed(failed);
    assertThat(Db.scalar(db, "select state from jobs where id = ?", job)).isEqualTo("FAILED");
    deadLetter(job, "gave up after 2 attempts: CUDA out of memory");
  }

  /** Puts the job's original request on the dead-letter topic, as the worker's JobLoop does. */
  private void deadLetter(UUID job, String reason) {
    ConsumerRecord<String, String> original =
        KafkaProbe.find(
                stack.bootstrapServers(), Topics.JOBS, r -> job.toString().equals(r.key()), WAIT)
            .orElseThrow(() -> new AssertionError("no request for " + job + " on " + Topics.JOBS));
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(Topics.DEAD_LETTERS, job.toString(), original.value());
      record.headers().add("avatar4d-reason", reason.getBytes(StandardCharsets.UTF_8));
      record.headers().add("avatar4d-worker", "worker-a".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("dead-letter publish failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonPath redriveDeadLetters() {
    return TestKeys.admin()
        .post("/admin/v1/dead-letters/redrive")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  /** The request on the jobs topic for {@code job} with the given attempt base. */
  private JobRequest requestOnQueue(UUID job, int attemptBase) {
    return KafkaProbe.find(
            stack.bootstrapServers(),
            Topics.JOBS,
            r -> job.toString().equals(r.key()) && request(r).attemptBase() == attemptBase,
            WAIT)
        .map(DeadLetterRedriveTest::request)
        .orElseThrow(
            () -> new AssertionError("no request for " + job + " with attemptBase " + attemptBase));
  }

  private static JobRequest request(ConsumerRecord<String, String> r) {
    return Json.fromBytes(r.value().getBytes(StandardCharsets.UTF_8), JobRequest.class);
  }

  private static JobEvent event(UUID job, int attempt, long seq, JobEventType type) {
    return new JobEvent(
        UUID.randomUUID(),
        job,
        attempt,
        seq,
        type,
        "worker-a",
        Instant.now(),
        0,
        1,
        null,
        null,
        null);
  }

  private void publish(UUID job, JobEvent... events) {
    KafkaProbe.publish(
        stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(events));
  }

  private void awaitConsumed(JobEvent last) {
    Eventually.until(
        "event " + last.eventId() + " to be consumed", WAIT, () -> decision(last) != null);
  }

  private String decision(JobEvent event) {
    return (String)
        Db.scalar(db, "select decision from job_events where event_id = ?", event.eventId());
  }
}
