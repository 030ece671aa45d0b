package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.JobKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobSubmissionTest {
  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @Test
  void aSubmittedJobIsAcceptedStoredAndItsRequestPublishedToKafka() {
    String location =
        Submit.job()
            .source(Images.jpeg(7))
            .driving(Images.png(1))
            .driving(Images.png(2))
            .options(
                "{\"views\": [\"front\", \"orbit:3\", {\"name\": \"left45\", \"yaw\": 45, \"pitch\": 0,"
                    + " \"radius\": 4.2, \"fov\": 12}], \"model\": \"lite\", \"resolution\": 128,"
                    + " \"formats\": [\"png\", \"mp4\"], \"fps\": 24}")
            .post()
            .statusCode(202)
            .extract()
            .header("Location");
    assertThat(location).matches("https?://[^/]+/v1/jobs/[0-9a-f-]{36}");
    UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

    given()
        .get("/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("QUEUED"))
        .body("progress.framesTotal", equalTo(2))
        .body("options.views", hasSize(5))
        .body("options.views[4].name", equalTo("left45"))
        .body("options.formats", equalTo(List.of("png", "mp4")))
        .body("options.fps", equalTo(24));

    assertThat(Db.count(db, "select count(*) from jobs where id = ?", id)).isEqualTo(1);
    assertThat(Db.count(db, "select count(*) from job_inputs where job_id = ?", id)).isEqualTo(3);
    assertThat(stores.store().list(JobKeys.inputPrefix(id)))
        .containsExactly(
            JobKeys.driving(id, 0, "png"),
            JobKeys.driving(id, 1, "png"),
            JobKeys.source(id, "jpg"));

    Eventually.until(
        "the outbox row to be published",
        Duration.ofSeconds(20),
        () ->
            Db.scalar(
                    db,
                    "select published_at from outbox where record_key = ? and topic = ?",
                    id.toString(),
                    Topics.JOBS)
                != null);
    ConsumerRecord<String, String> record =
        KafkaProbe.find(
                stack.bootstrapServers(),
                Topics.JOBS,
                r -> id.toString().equals(r.key()),
                Duration.ofSeconds(20))
            .orElseThrow(
                () -> new AssertionError("no JobRequest for " + id + " on " + Topics.JOBS));
    JobRequest request =
        Json.fromBytes(record.value().getBytes(StandardCharsets.UTF_8), JobRequest.class);
    assertThat(request.jobId()).isEqualTo(id);
    assertThat(request.sourceKey()).isEqualTo(JobKeys.source(id, "jpg"));
    assertThat(request.drivingKeys())
        .containsExactly(JobKeys.driving(id, 0, "png"), JobKeys.driving(id, 1, "png"));
    assertThat(request.options().resolution()).isEqualTo(128);
    assertThat(request.options().formats())
        .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.MP4);
    assertThat(request.options().views()).hasSize(5);
  }

  @Test
  void aJobWithoutOptionsGetsTheDocumentedDefaults() {
    UUID id = Submit.valid(1).accepted();

    given()
        .get("/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body("options.views", hasSize(1))
        .body("options.views[0].name", equalTo("front"))
        .body("options.model", equalTo("lite"))
        .body("options.resolution", equalTo(256))
        .body("options.formats", equalTo(List.of("png", "mp4", "depth")))
        .body("options.fps", equalTo(12))
        .body("links.self", equalTo("/v1/jobs/" + id));
  }

  @Test
  void aFailedInsertDeletesTheInputsItAlreadyStored() throws Exception {
    // A real database failure: a trigger that refuses one marked job (fps 59) at insert time.
    try (var c = db.getConnection();
        var st = c.createStatement()) {
      st.execute(
          "CREATE FUNCTION refuse_fps59() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF (NEW.options->>'fps') = '59' THEN RAISE EXCEPTION 'refused by test'; END IF;"
              + " RETURN NEW; END $$");
      st.execute(
          "CREATE TRIGGER refuse_fps59 BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION refuse_fps59()");
    }
    try {
      long jobs = Db.count(db, "select count(*) from jobs");
      int objects = stores.store().list("jobs/").size();

      Submit.valid(2)
          .options("{\"fps\": 59}")
          .post()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("title", equalTo("Database unavailable"));

      assertThat(Db.count(db, "select count(*) from jobs")).isEqualTo(jobs);
      assertThat(stores.store().list("jobs/")).hasSize(objects);
    } finally {
      try (var c = db.getConnection();
          var st = c.createStatement()) {
        st.execute("DROP TRIGGER refuse_fps59 ON jobs");
        st.execute("DROP FUNCTION refuse_fps59()");
      }
    }
  }
}
