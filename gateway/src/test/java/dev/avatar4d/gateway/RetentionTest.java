package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.maintenance.MaintenanceSweeper;
import dev.avatar4d.gateway.maintenance.SweepReport;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.protocol.JobCommand;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StoredObject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The maintenance sweep against the real stack. Time is moved by sweeping "as of" a later instant
 * ({@link MaintenanceSweeper#runOnce}); the defaults apply: canceled 24h, failed 7d, queued 24h.
 */
@QuarkusTest
@WithTestResource(DevStackResource.class)
class RetentionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ModelStamp UNTRAINED = new ModelStamp("lite", "0".repeat(64), false, "cpu");

  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;
  @Inject MaintenanceSweeper sweeper;

  @Test
  void retentionDeletesTheObjectsOfAnOldCanceledJobAndKeepsThoseOfAFreshOne() throws Exception {
    UUID old = canceledJobWithOutputs();
    Thread.sleep(50);
    UUID fresh = canceledJobWithOutputs();
    Instant oldFinished = instant("select finished_at from jobs where id = ?", old);

    SweepReport report = sweeper.runOnce(oldFinished.plus(Duration.ofHours(24)).plusMillis(1));

    assertThat(report.jobsWithObjectsDeleted()).isGreaterThanOrEqualTo(1);
    assertThat(store().list(JobKeys.jobPrefix(old))).isEmpty();
    assertThat(Db.scalar(db, "select outputs_deleted_at from jobs where id = ?", old)).isNotNull();
    assertThat(store().list(JobKeys.inputPrefix(fresh))).hasSize(2);
    assertThat(store().list(JobKeys.outputPrefix(fresh))).hasSize(1);
    assertThat(Db.scalar(db, "select outputs_deleted_at from jobs where id = ?", fresh)).isNull();
    given().get("/v1/jobs/" + old).then().statusCode(200).body("state", equalTo("CANCELED"));
  }

  @Test
  void aFailedJobKeepsItsObjectsForAWeekAndCannotBeRetriedOnceTheyAreGone() {
    UUID job = Submit.valid(1).accepted();
    JobEvent failed =
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            0,
            JobEventType.FAILED,
            "worker-a",
            Instant.now(),
            0,
            1,
            "input rejected: not a face",
            null,
            null);
    KafkaProbe.publish(
        stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(failed));
    Eventually.until(
        "the job to fail",
        WAIT,
        () -> "FAILED".equals(Db.scalar(db, "select state from jobs where id = ?", job)));
    Instant finished = instant("select finished_at from jobs where id = ?", job);

    sweeper.runOnce(finished.plus(Duration.ofDays(6)));
    assertThat(store().list(JobKeys.inputPrefix(job))).hasSize(2);

    sweeper.runOnce(finished.plus(Duration.ofDays(7)).plusMillis(1));
    assertThat(store().list(JobKeys.jobPrefix(job))).isEmpty();
    given()
        .post("/v1/jobs/" + job + "/retry")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("retention"));
    assertThat(Db.scalar(db, "select state from jobs where id = ?", job)).isEqualTo("FAILED");
  }

  @Test
  void aJobQueuedTooLongFailsAndTheWorkersAreToldToDropIt() {
    UUID job = Submit.valid(1).accepted();
    Instant queuedSince = instant("select updated_at from jobs where id = ?", job);

    sweeper.runOnce(queuedSince.plus(Duration.ofHours(23)));
    assertThat(Db.scalar(db, "select state from jobs where id = ?", job)).isEqualTo("QUEUED");

    SweepReport report = sweeper.runOnce(queuedSince.plus(Duration.ofHours(24)).plusMillis(1));

    assertThat(report.jobsExpiredInQueue()).isGreaterThanOrEqualTo(1);
    given()
        .get("/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("state", equalTo("FAILED"))
        .body("error", startsWith("expired in queue"));
    var record =
        KafkaProbe.find(
                stack.bootstrapServers(),
                Topics.JOB_CONTROL,
                r -> job.toString().equals(r.key()),
                WAIT)
            .orElseThrow(() -> new AssertionError("no CANCEL command for " + job));
    JobCommand command =
        Json.fromBytes(record.value().getBytes(StandardCharsets.UTF_8), JobCommand.class);
    assertThat(command.kind()).isEqualTo(JobCommand.Kind.CANCEL);
    TestKeys.admin()
        .post("/admin/v1/jobs/" + job + "/redrive")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void expiredIdempotencyKeysArePurgedAndLiveOnesKept() {
    String key = "purge-" + UUID.randomUUID();
    Submit.valid(1).header("Idempotency-Key", key).accepted();
    Instant expires = instant("select expires_at from idempotency_keys where idem_key = ?", key);

    sweeper.runOnce(expires.minusMillis(1));
    assertThat(Db.count(db, "select count(*) from idempotency_keys where idem_key = ?", key))
        .isEqualTo(1);

    SweepReport report = sweeper.runOnce(expires);
    assertThat(report.idempotencyKeysPurged()).isGreaterThanOrEqualTo(1);
    assertThat(Db.count(db, "select count(*) from idempotency_keys where idem_key = ?", key))
        .isZero();
  }

  @Test
  void aSucceededJobsStrayRunIsDeletedOnceDueAndTheRunItShowsIsKept() {
    UUID job = Submit.valid(1).accepted();
    AttemptKeys shown = AttemptKeys.newRun(job, 1);
    AttemptKeys stray = AttemptKeys.newRun(job, 1);
    store()
        .put(
            stray.frame("front", 0),
            "a run that lost its lease".getBytes(StandardCharsets.UTF_8),
            "image/png");
    StoredObject frame =
        store().put(shown.frame("front", 0), "frame".getBytes(StandardCharsets.UTF_8), "image/png");
    new ManifestStore(store())
        .write(
            shown,
            new Manifest(
                job,
                1,
                UNTRAINED,
                List.of(new ViewSpec("front", 0, 0, 4.2, 12)),
                1,
                256,
                Map.of(),
                List.of(
                    new OutputFile(
                        frame.key(),
                        "front",
                        0,
                        OutputFile.Kind.FRAME,
                        "image/png",
                        frame.size(),
                        frame.sha256())),
                Instant.now()));
    Instant at = Instant.now();
    KafkaProbe.publish(
        stack.bootstrapServers(),
        Topics.JOB_EVENTS,
        job.toString(),
        List.of(
            new JobEvent(
                UUID.randomUUID(),
                job,
                1,
                0,
                JobEventType.STARTED,
                "worker-a",
                at,
                0,
                1,
                null,
                null,
                UNTRAINED),
            new JobEvent(
                UUID.randomUUID(),
                job,
                1,
                1,
                JobEventType.SUCCEEDED,
                "worker-a",
                at,
                1,
                1,
                null,
                shown.manifest(),
                UNTRAINED)));
    Eventually.until(
        "the job to succeed",
        WAIT,
        () -> "SUCCEEDED".equals(Db.scalar(db, "select state from jobs where id = ?", job)));
    assertThat(Db.scalar(db, "select keep_prefix from output_prunes where job_id = ?", job))
        .isEqualTo(shown.prefix());

    sweeper.runOnce(Instant.now().plus(Duration.ofMinutes(5)));
    assertThat(store().list(stray.prefix())).hasSize(1);

    SweepReport report = sweeper.runOnce(Instant.now().plus(Duration.ofMinutes(11)));

    assertThat(report.strayRunsDeleted()).isGreaterThanOrEqualTo(1);
    assertThat(store().list(JobKeys.outputPrefix(job)))
        .containsExactlyInAnyOrder(shown.frame("front", 0), shown.manifest());
    assertThat(Db.count(db, "select count(*) from output_prunes where job_id = ?", job)).isZero();
    given()
        .get("/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("manifest.files[0].key", equalTo(frame.key()));
  }

  @Test
  void anOperatorCanRunTheSweepNowAndATenantCannot() {
    TestKeys.admin()
        .post("/admin/v1/maintenance/sweep")
        .then()
        .statusCode(200)
        .body("jobsWithObjectsDeleted", notNullValue())
        .body("jobsExpiredInQueue", notNullValue())
        .body("idempotencyKeysPurged", notNullValue())
        .body("strayRunsDeleted", notNullValue());
    given().post("/admin/v1/maintenance/sweep").then().statusCode(401);
  }

  /** A job canceled through the API, with one output object besides its two inputs. */
  private UUID canceledJobWithOutputs() {
    UUID job = Submit.valid(1).accepted();
    store()
        .put(
            AttemptKeys.newRun(job, 1).frame("front", 0),
            "partial".getBytes(StandardCharsets.UTF_8),
            "image/png");
    given().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
    assertThat(store().list(JobKeys.jobPrefix(job))).hasSize(3);
    return job;
  }

  private ObjectStore store() {
    return stores.store();
  }

  private Instant instant(String sql, Object arg) {
    Object value = Db.scalar(db, sql, arg);
    return value instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) value).toInstant();
  }
}
