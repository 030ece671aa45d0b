package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.Submit;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class SubmissionValidationTest {
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @Test
  void a_missing_source_is_named_and_leaves_nothing_behind() {
    rejectsAndKeepsNothing(() -> Submit.job().driving(Images.png(1)).post(), "source");
  }

  @Test
  void missing_driving_frames_are_named() {
    rejectsAndKeepsNothing(() -> Submit.job().source(Images.png(1)).post(), "driving");
  }

  @Test
  void a_driving_frame_that_is_not_an_image_is_named_by_its_index() {
    rejectsAndKeepsNothing(
        () -> Submit.job().source(Images.png(0)).driving(Images.png(1))
            .driving("GIF89a not really".getBytes(StandardCharsets.US_ASCII)).post(),
        "driving[1]")
        .body("errors[0].message", containsString("PNG or JPEG"));
  }

  @Test
  void a_png_that_does_not_decode_is_refused() {
    rejectsAndKeepsNothing(() -> Submit.job().source(Images.truncatedPng()).driving(Images.png(1)).post(), "source")
        .body("errors[0].message", containsString("decoded"));
  }

  @Test
  void more_driving_frames_than_the_limit_are_refused() {
    Submit tooMany = Submit.job().source(Images.png(0));
    byte[] frame = Images.png(1);
    for (int i = 0; i < 301; i++) {
      tooMany.driving(frame);
    }
    rejectsAndKeepsNothing(tooMany::post, "driving").body("errors[0].message", containsString("at most 300"));
  }

  @Test
  void options_that_are_not_json_are_named() {
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{views: nope").post(), "options");
  }

  @Test
  void a_view_out_of_range_is_named_by_its_path() {
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).options("{\"views\": [\"front\", {\"name\": \"side\", \"yaw\": 120}]}").post(),
        "options.views[1].yaw");
  }

  @Test
  void an_unknown_view_preset_and_an_unknown_option_are_named() {
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{\"views\": [\"orbit:99\"]}").post(), "options.views[0]");
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{\"resolutoin\": 512}").post(), "options.resolutoin");
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{\"resolution\": 4096}").post(), "options.resolution");
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{\"formats\": [\"gif\"]}").post(), "options.formats[0]");
  }

  @Test
  void an_unknown_job_is_a_404_problem() {
    for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
      given().get("/v1/jobs/" + id).then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("status", equalTo(404))
          .body("title", equalTo("Job not found"))
          .body("instance", equalTo("/v1/jobs/" + id));
    }
  }

  private ValidatableResponse rejectsAndKeepsNothing(Supplier<ValidatableResponse> send, String field) {
    long jobs = Db.count(db, "select count(*) from jobs");
    long outbox = Db.count(db, "select count(*) from outbox");
    int objects = stores.store().list("jobs/").size();

    ValidatableResponse response = send.get()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", startsWith("https://avatar4d.dev/problems/"))
        .body("title", equalTo("Invalid request"))
        .body("status", equalTo(400))
        .body("detail", startsWith(field + ": "))
        .body("instance", equalTo("/v1/jobs"))
        .body("errors[0].field", equalTo(field));

    assertThat(Db.count(db, "select count(*) from jobs")).isEqualTo(jobs);
    assertThat(Db.count(db, "select count(*) from outbox")).isEqualTo(outbox);
    assertThat(stores.store().list("jobs/")).hasSize(objects);
    return response;
  }
}
