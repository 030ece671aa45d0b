package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Submit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobListingTest {

  @Test
  void pagesWalkAllJobsNewestFirstWithoutGapsOrRepeats() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(Submit.valid(1).accepted().toString());
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var request = given().queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/v1/jobs").then().statusCode(200).extract().jsonPath();
      List<String> ids = page.getList("jobs.id");
      assertThat(ids.size()).isLessThanOrEqualTo(2);
      seen.addAll(ids);
      cursor = page.getString("nextCursor");
    } while (cursor != null);

    assertThat(seen).doesNotHaveDuplicates();
    List<String> newestFive = seen.stream().filter(submitted::contains).toList();
    List<String> newestFirst = new ArrayList<>(submitted);
    Collections.reverse(newestFirst);
    assertThat(newestFive).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void theStateFilterListsOnlyThatState() {
    UUID canceled = Submit.valid(1).accepted();
    given().post("/v1/jobs/" + canceled + "/cancel").then().statusCode(200);

    JsonPath page =
        given()
            .queryParam("state", "canceled")
            .queryParam("limit", 100)
            .get("/v1/jobs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(page.getList("jobs.state", String.class)).isNotEmpty().containsOnly("CANCELED");
    assertThat(page.getList("jobs.id", String.class)).contains(canceled.toString());
  }

  @Test
  void badListingParametersNameTheParameter() {
    given()
        .queryParam("cursor", "garbage")
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    given()
        .queryParam("limit", 0)
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    given()
        .queryParam("limit", "ten")
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    given()
        .queryParam("state", "DONE")
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("state"));
  }
}
