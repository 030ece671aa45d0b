package dev.avatar4d.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobInputsResourceTest {
  @Inject AgroalDataSource db;

  @Test
  void inputsAreListedSourceFirstWithUrlsThatDownloadWhatWasSubmitted() throws Exception {
    UUID job =
        Submit.job()
            .source(Images.png(7))
            .driving(Images.png(8))
            .driving(Images.jpeg(9))
            .accepted();

    JsonPath inputs =
        given().get("/v1/jobs/" + job + "/inputs").then().statusCode(200).extract().jsonPath();
    assertThat(inputs.getBoolean("deleted")).isFalse();
    assertThat(inputs.getList("inputs.role")).containsExactly("source", "driving", "driving");
    assertThat(inputs.getList("inputs.index")).containsExactly(0, 0, 1);
    assertThat(inputs.getList("inputs.mediaType"))
        .containsExactly("image/png", "image/png", "image/jpeg");
    assertThat(download(inputs.getString("inputs[0].url"))).isEqualTo(Images.png(7));
    assertThat(download(inputs.getString("inputs[2].url"))).isEqualTo(Images.jpeg(9));
    assertThat(inputs.getString("urlsExpireAt")).isNotBlank();
  }

  @Test
  void anotherTenantsJobHasNoInputsToShow() {
    UUID job = Submit.valid(1).accepted();
    String stranger = Tenants.newTenantKey("stranger");

    TestKeys.as(stranger).get("/v1/jobs/" + job + "/inputs").then().statusCode(404);
    TestKeys.anonymous().get("/v1/jobs/" + job + "/inputs").then().statusCode(401);
  }

  @Test
  void aJobsObjectIsServedFromTheGatewayItselfWithItsMediaType() {
    UUID job = Submit.job().source(Images.png(3)).driving(Images.png(4)).accepted();
    String key = given().get("/v1/jobs/" + job + "/inputs").then().extract().path("inputs[0].key");
    String name = key.substring(("jobs/" + job + "/").length());

    byte[] bytes =
        given()
            .get("/v1/jobs/" + job + "/files/" + name)
            .then()
            .statusCode(200)
            .contentType("image/png")
            .header("Cache-Control", "private, max-age=3600")
            .extract()
            .asByteArray();
    assertThat(bytes).isEqualTo(Images.png(3));
  }

  @Test
  void objectsOutsideTheJobMissingOnesAndOtherTenantsOnesAreNotFound() {
    UUID job = Submit.valid(1).accepted();
    UUID other = Submit.valid(1).accepted();
    String key =
        given().get("/v1/jobs/" + other + "/inputs").then().extract().path("inputs[0].key");
    String name = key.substring(("jobs/" + other + "/").length());

    given()
        .urlEncodingEnabled(false)
        .get("/v1/jobs/" + job + "/files/..%2F" + other + "%2F" + name)
        .then()
        .statusCode(404);
    given().get("/v1/jobs/" + job + "/files/output/nothing.png").then().statusCode(404);
    TestKeys.as(Tenants.newTenantKey("outsider"))
        .get("/v1/jobs/" + other + "/files/" + name)
        .then()
        .statusCode(404);
    given().get("/v1/jobs/" + other + "/files/" + name).then().statusCode(200);
  }

  @Test
  void aJobWhoseObjectsWereDeletedByRetentionSaysSo() throws Exception {
    UUID job = Submit.valid(1).accepted();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE jobs SET outputs_deleted_at = now() WHERE id = ?")) {
      ps.setObject(1, job);
      ps.executeUpdate();
    }

    JsonPath inputs =
        given().get("/v1/jobs/" + job + "/inputs").then().statusCode(200).extract().jsonPath();
    assertThat(inputs.getBoolean("deleted")).isTrue();
    assertThat(inputs.getList("inputs")).isEmpty();
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
