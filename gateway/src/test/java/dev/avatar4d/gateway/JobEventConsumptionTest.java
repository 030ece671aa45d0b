package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.api.JobViews;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.AttemptKeys;
import dev.avatar4d.storage.ManifestStore;
import dev.avatar4d.storage.StoredObject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobEventConsumptionTest {
  private static final ModelStamp UNTRAINED = new ModelStamp("lite", "0".repeat(64), false, "cpu");

  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @Test
  void progressEventsMoveTheJobAndDuplicatesOrStragglersChangeNothing() {
    UUID job = Submit.valid(10).accepted();
    JobEvent started = event(job, 1, 0, JobEventType.STARTED, 0);
    JobEvent progress = event(job, 1, 2, JobEventType.PROGRESS, 6);
    JobEvent straggler = event(job, 1, 1, JobEventType.PROGRESS, 3);

    publish(job, started, progress, progress, straggler, started);
    awaitConsumed(straggler);

    given()
        .get("/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("state", equalTo("RUNNING"))
        .body("progress.framesDone", equalTo(6))
        .body("progress.framesTotal", equalTo(10))
        .body("progress.fraction", equalTo(0.6f))
        .body("worker", equalTo("worker-a"))
        .body("attempt", equalTo(1))
        .body("model.preset", equalTo("lite"))
        .body("notice", equalTo(JobViews.UNTRAINED_NOTICE));
    assertThat(decision(progress)).isEqualTo("APPLY");
    assertThat(decision(straggler)).isEqualTo("IGNORE_STALE");
    assertThat(Db.count(db, "select count(*) from job_events where job_id = ?", job)).isEqualTo(3);
    assertThat(Db.scalar(db, "select last_event_seq from jobs where id = ?", job)).isEqualTo(2L);
  }

  @Test
  void aLaterAttemptOutranksEverythingAnEarlierOneSays() {
    UUID job = Submit.valid(4).accepted();
    JobEvent firstStart = event(job, 1, 0, JobEventType.STARTED, 0);
    JobEvent requeued =
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            1,
            JobEventType.REQUEUED,
            "worker-a",
            Instant.now(),
            0,
            4,
            "lease lost",
            null,
            null);
    JobEvent secondStart = event(job, 2, 0, JobEventType.STARTED, 0);
    JobEvent lateFromFirst = event(job, 1, 5, JobEventType.PROGRESS, 3);

    publish(job, firstStart, requeued, secondStart, lateFromFirst);
    awaitConsumed(lateFromFirst);

    assertThat(decision(requeued)).isEqualTo("APPLY");
    assertThat(decision(lateFromFirst)).isEqualTo("IGNORE_STALE");
    given()
        .get("/v1/jobs/" + job)
        .then()
        .body("state", equalTo("RUNNING"))
        .body("attempt", equalTo(2))
        .body("progress.framesDone", equalTo(0));
  }

  @Test
  void anIllegalMoveIsRefusedAndRecorded() {
    UUID job = Submit.valid(2).accepted();
    JobEvent succeededWhileQueued = succeeded(job, 1, 0);

    publish(job, succeededWhileQueued);
    awaitConsumed(succeededWhileQueued);

    assertThat(decision(succeededWhileQueued)).isEqualTo("REJECT_ILLEGAL");
    given()
        .get("/v1/jobs/" + job)
        .then()
        .body("state", equalTo("QUEUED"))
        .body("finishedAt", nullValue());
  }

  @Test
  void aSucceededJobShowsItsManifestWithWorkingDownloadUrls() throws Exception {
    UUID job = Submit.valid(1).accepted();
    byte[] frame = "frame bytes".getBytes(StandardCharsets.UTF_8);
    StoredObject stored = stores.store().put(run(job, 1).frame("front", 0), frame, "image/png");
    new ManifestStore(stores.store())
        .write(
            run(job, 1),
            new Manifest(
                job,
                1,
                UNTRAINED,
                List.of(new ViewSpec("front", 0, 0, 4.2, 12)),
                1,
                256,
                Map.of("front", new float[] {3.5f, 5f}),
                List.of(
                    new OutputFile(
                        stored.key(),
                        "front",
                        0,
                        OutputFile.Kind.FRAME,
                        "image/png",
                        stored.size(),
                        stored.sha256())),
                Instant.now()));
    JobEvent done = succeeded(job, 1, 1);
    JobEvent lateProgress = event(job, 1, 2, JobEventType.PROGRESS, 1);

    publish(job, event(job, 1, 0, JobEventType.STARTED, 0), done, lateProgress);
    awaitConsumed(lateProgress);

    assertThat(decision(lateProgress)).isEqualTo("REJECT_ILLEGAL");
    String url =
        given()
            .get("/v1/jobs/" + job)
            .then()
            .statusCode(200)
            .body("state", equalTo("SUCCEEDED"))
            .body("progress.fraction", equalTo(1.0f))
            .body("notice", equalTo(JobViews.UNTRAINED_NOTICE))
            .body("manifest.files", hasSize(1))
            .body("manifest.files[0].sha256", equalTo(stored.sha256()))
            .extract()
            .path("manifest.files[0].url");
    HttpResponse<byte[]> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(frame);
  }

  @Test
  void aSucceededJobWhoseOutputsRetentionDeletedSaysWhenInsteadOfShowingAManifest()
      throws Exception {
    UUID job = Submit.valid(1).accepted();
    publish(job, event(job, 1, 0, JobEventType.STARTED, 0), succeeded(job, 1, 1));
    Eventually.until(
        "the job to succeed",
        Duration.ofSeconds(30),
        () -> "SUCCEEDED".equals(Db.scalar(db, "select state from jobs where id = ?", job)));
    given().get("/v1/jobs/" + job).then().statusCode(200).body("outputsDeletedAt", nullValue());

    Db.scalar(
        db,
        "update jobs set outputs_deleted_at = now() where id = ? returning outputs_deleted_at",
        job);

    given()
        .get("/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("state", equalTo("SUCCEEDED"))
        .body("outputsDeletedAt", notNullValue())
        .body("manifest", nullValue());
  }

  @Test
  void aFailedEventRecordsTheError() {
    UUID job = Submit.valid(1).accepted();
    JobEvent failed =
        new JobEvent(
            UUID.randomUUID(),
            job,
            1,
            1,
            JobEventType.FAILED,
            "worker-a",
            Instant.now(),
            0,
            1,
            "CUDA out of memory",
            null,
            UNTRAINED);

    publish(job, event(job, 1, 0, JobEventType.STARTED, 0), failed);
    awaitConsumed(failed);

    given()
        .get("/v1/jobs/" + job)
        .then()
        .body("state", equalTo("FAILED"))
        .body("error", equalTo("CUDA out of memory"));
  }

  private static JobEvent event(
      UUID job, int attempt, long seq, JobEventType type, int framesDone) {
    return new JobEvent(
        UUID.randomUUID(),
        job,
        attempt,
        seq,
        type,
        "worker-a",
        Instant.now(),
        framesDone,
        10,
        null,
        null,
        UNTRAINED);
  }

  private static JobEvent succeeded(UUID job, int attempt, long seq) {
    return new JobEvent(
        UUID.randomUUID(),
        job,
        attempt,
        seq,
        JobEventType.SUCCEEDED,
        "worker-a",
        Instant.now(),
        1,
        1,
        null,
        run(job, attempt).manifest(),
        UNTRAINED);
  }

  /** The keys a worker's run of {@code attempt} would write, with a fixed run id. */
  private static AttemptKeys run(UUID job, int attempt) {
    return new AttemptKeys(job, attempt, "0000000a");
  }

  private void publish(UUID job, JobEvent... events) {
    KafkaProbe.publish(
        stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(events));
  }

  private void awaitConsumed(JobEvent last) {
    Eventually.until(
        "event " + last.eventId() + " to be consumed",
        Duration.ofSeconds(30),
        () -> decision(last) != null);
  }

  private String decision(JobEvent event) {
    return (String)
        Db.scalar(db, "select decision from job_events where event_id = ?", event.eventId());
  }
}
