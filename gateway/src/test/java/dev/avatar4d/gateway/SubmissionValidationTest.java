package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.support.BadImages;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class SubmissionValidationTest {
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @TestHTTPResource("/v1/jobs")
  URI jobsUri;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  MemorySize maxBodySize;

  @Test
  void aMissingSourceIsNamedAndLeavesNothingBehind() {
    rejectsAndKeepsNothing(() -> Submit.job().driving(Images.png(1)).post(), "source");
  }

  @Test
  void missingDrivingFramesAreNamed() {
    rejectsAndKeepsNothing(() -> Submit.job().source(Images.png(1)).post(), "driving");
  }

  @Test
  void aDrivingFrameThatIsNotAnImageIsNamedByItsIndex() {
    rejectsAndKeepsNothing(
            () ->
                Submit.job()
                    .source(Images.png(0))
                    .driving(Images.png(1))
                    .driving("GIF89a not really".getBytes(StandardCharsets.US_ASCII))
                    .post(),
            "driving[1]")
        .body("errors[0].message", containsString("PNG or JPEG"));
  }

  @Test
  void aPngThatDoesNotDecodeIsRefused() {
    rejectsAndKeepsNothing(
            () -> Submit.job().source(Images.truncatedPng()).driving(Images.png(1)).post(),
            "source")
        .body("errors[0].message", containsString("decoded"));
  }

  @Test
  void aTinyPngDeclaring100000By100000PixelsIsRefusedFastNamingThePart() {
    byte[] bomb = BadImages.pngDeclaring(100_000, 100_000);
    long started = System.nanoTime();
    rejectsAndKeepsNothing(() -> Submit.job().source(bomb).driving(Images.png(1)).post(), "source")
        .body("errors[0].message", containsString("100000×100000"));
    rejectsAndKeepsNothing(() -> Submit.valid(2).driving(bomb).post(), "driving[2]");
    assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
  }

  @Test
  void truncatedPngsAndJpegsAreNamedByTheirPart() {
    byte[] png = BadImages.noisyPng(64, 64);
    byte[] jpeg = BadImages.noisyJpeg(64, 64);
    rejectsAndKeepsNothing(
            () ->
                Submit.job()
                    .source(BadImages.truncated(png, png.length - 12))
                    .driving(Images.png(1))
                    .post(),
            "source")
        .body("errors[0].message", containsString("truncated"));
    rejectsAndKeepsNothing(
            () -> Submit.valid(1).driving(BadImages.truncated(jpeg, jpeg.length / 2)).post(),
            "driving[1]")
        .body("errors[0].message", containsString("truncated"));
  }

  @Test
  void garbageAfterAValidSignatureIsNamed() {
    rejectsAndKeepsNothing(
        () ->
            Submit.job()
                .source(BadImages.garbageAfterSignature(Images.png(0), 8, 7))
                .driving(Images.png(1))
                .post(),
        "source");
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).driving(BadImages.garbageAfterSignature(Images.jpeg(0), 3, 8)).post(),
        "driving[1]");
  }

  @Test
  void aZeroByteSourceIsNamed() {
    rejectsAndKeepsNothing(
            () -> Submit.job().source(new byte[0]).driving(Images.png(1)).post(), "source")
        .body("errors[0].message", containsString("empty"));
  }

  @Test
  void gifWebpAndTextSentAsPngAreRefusedByTheirContent() {
    byte[][] impostors = {
      BadImages.gif(), BadImages.webp(), "just text".getBytes(StandardCharsets.UTF_8)
    };
    for (byte[] impostor : impostors) {
      rejectsAndKeepsNothing(
              () -> Submit.job().source(impostor).driving(Images.png(1)).post(), "source")
          .body("errors[0].message", containsString("not a PNG or JPEG"));
    }
  }

  @Test
  void aJpegSourceWithJpegDrivingFramesIsAccepted() {
    Submit.job().source(BadImages.noisyJpeg(48, 64)).driving(Images.jpeg(1)).accepted();
  }

  @Test
  void moreDrivingFramesThanTheLimitAreRefused() {
    Submit tooMany = Submit.job().source(Images.png(0));
    byte[] frame = Images.png(1);
    for (int i = 0; i < 301; i++) {
      tooMany.driving(frame);
    }
    rejectsAndKeepsNothing(tooMany::post, "driving")
        .body("errors[0].message", containsString("at most 300"));
  }

  @Test
  void optionsThatAreNotJsonAreNamed() {
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{views: nope").post(), "options");
  }

  @Test
  void aViewOutOfRangeIsNamedByItsPath() {
    rejectsAndKeepsNothing(
        () ->
            Submit.valid(1)
                .options("{\"views\": [\"front\", {\"name\": \"side\", \"yaw\": 120}]}")
                .post(),
        "options.views[1].yaw");
  }

  @Test
  void anUnknownViewPresetAndAnUnknownOptionAreNamed() {
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).options("{\"views\": [\"orbit:99\"]}").post(), "options.views[0]");
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).options("{\"resolutoin\": 512}").post(), "options.resolutoin");
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).options("{\"resolution\": 4096}").post(), "options.resolution");
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).options("{\"formats\": [\"gif\"]}").post(), "options.formats[0]");
  }

  @Test
  void everyBadOptionIsNamedByItsPath() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"views\": [\"orbit:36\", \"front\"]}", "options.views");
    cases.put("{\"views\": []}", "options.views");
    cases.put("{\"views\": [{\"name\": \"a\", \"pitch\": 46}]}", "options.views[0].pitch");
    cases.put(
        "{\"views\": [\"front\", {\"name\": \"a\", \"radius\": 2}]}", "options.views[1].radius");
    cases.put(
        "{\"views\": [\"front\", \"left\", {\"name\": \"a\", \"fov\": 41}]}",
        "options.views[2].fov");
    cases.put("{\"views\": [{\"name\": \"a\", \"yaw\": 1e400}]}", "options.views[0].yaw");
    cases.put("{\"views\": [{\"name\": \"a\", \"yaw\": \"left\"}]}", "options.views[0].yaw");
    cases.put("{\"views\": [{\"name\": \"Side View\"}]}", "options.views[0].name");
    cases.put("{\"views\": [\"orbit:x\"]}", "options.views[0]");
    cases.put("{\"model\": \"huge\"}", "options.model");
    cases.put("{\"model\": 3}", "options.model");
    cases.put("{\"resolution\": 100}", "options.resolution");
    cases.put("{\"resolution\": 32}", "options.resolution");
    cases.put("{\"resolution\": 99999999999}", "options.resolution");
    cases.put("{\"fps\": 0}", "options.fps");
    cases.put("{\"fps\": 61}", "options.fps");
    cases.put("{\"formats\": []}", "options.formats");
    cases.put("{\"formats\": [\"png\", null]}", "options.formats[1]");
    cases.put("null", "options");
    cases.put("{\"views\": " + "[".repeat(5000) + "]".repeat(5000) + "}", "options");
    cases.forEach(
        (json, field) -> rejectsAndKeepsNothing(() -> Submit.valid(1).options(json).post(), field));
  }

  @Test
  void malformedOrOutOfRangeDeadlinesAreRefusedNamingTheHeader() {
    for (String bad : new String[] {"soon", "10", "0s", "500ms", "25h", "-5m"}) {
      rejectsAndKeepsNothing(
              () -> Submit.valid(1).header("Cancel-After", bad).post(), "Cancel-After")
          .body("errors[0].message", containsString("'" + bad + "'"));
    }
    rejectsAndKeepsNothing(
        () -> Submit.valid(1).header("Start-Within", "1d1h").post(), "Start-Within");
  }

  @Test
  void duplicatedUnknownAndMisplacedPartsAreNamed() {
    rejectsAndKeepsNothing(() -> Submit.valid(1).source(Images.png(2)).post(), "source")
        .body("errors[0].message", containsString("exactly one"));
    rejectsAndKeepsNothing(() -> Submit.valid(1).options("{}").options("{}").post(), "options");
    rejectsAndKeepsNothing(
        () ->
            given()
                .multiPart("source", "s.png", Images.png(0), "image/png")
                .multiPart("driving", "d.png", Images.png(1), "image/png")
                .multiPart("sauce", "x.png", Images.png(1), "image/png")
                .when()
                .post("/v1/jobs")
                .then(),
        "sauce");
  }

  @Test
  void optionsWith36ExplicitViewsFitInATextPart() {
    StringBuilder views = new StringBuilder();
    for (int i = 0; i < 36; i++) {
      views
          .append(i == 0 ? "" : ", ")
          .append("{\"name\": \"view-")
          .append(i)
          .append("\", \"yaw\": ")
          .append(i * 2 - 35)
          .append(", \"pitch\": 1.5, \"radius\": 4.2, \"fov\": 12}");
    }
    String json = "{\"views\": [" + views + "], \"model\": \"lite\", \"resolution\": 256}";
    assertThat(json.length()).isGreaterThan(2048);
    UUID id = Submit.valid(1).options(json).accepted();
    given().get("/v1/jobs/" + id).then().statusCode(200).body("options.views.size()", equalTo(36));
  }

  @Test
  void optionsOver64KibSentAsAFileAreA413ProblemNamingThePart() {
    byte[] options =
        ("{\"model\": \"lite\"" + " ".repeat(70_000) + "}").getBytes(StandardCharsets.UTF_8);
    rejectsAndKeepsNothing(
        () ->
            given()
                .multiPart("source", "s.png", Images.png(0), "image/png")
                .multiPart("driving", "d.png", Images.png(1), "image/png")
                .multiPart("options", "options.json", options, "application/json")
                .when()
                .post("/v1/jobs")
                .then(),
        413,
        "Part too large",
        "options");
  }

  @Test
  void aMultipartBodyThatCannotBeParsedIsA400Problem() {
    String[] bodies = {
      "--b\r\nContent-Disposition: form-data; name=\"source\"; filename=\"s.png\"\r\n\r\nnot closed",
      "--b\r\nContent-Disposition: form-data; name=\"source\"\r\n\u0001\u0002 no colon\r\n\r\nx\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=\"source\"\r\nContent-Type: x/\r\n\r\nx\r\n--b--\r\n",
    };
    for (String body : bodies) {
      long jobs = Db.count(db, "select count(*) from jobs");
      given()
          .contentType("multipart/form-data; boundary=b")
          .body(body.getBytes(StandardCharsets.ISO_8859_1))
          .when()
          .post("/v1/jobs")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://avatar4d.dev/problems/malformed-body"))
          .body("status", equalTo(400));
      assertThat(Db.count(db, "select count(*) from jobs")).isEqualTo(jobs);
    }
  }

  @Test
  void aBodyThatIsNotMultipartIsA415Problem() {
    given()
        .contentType("application/json")
        .body("{\"source\": \"x\"}")
        .when()
        .post("/v1/jobs")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("status", equalTo(415));
  }

  @Test
  void anImagePartOverTheByteLimitIsA413ProblemNamingThePart() {
    byte[] big = BadImages.withTrailer(Images.jpeg(1), new byte[20 * 1024 * 1024]);
    rejectsAndKeepsNothing(
            () -> Submit.valid(1).driving(big).post(), 413, "Part too large", "driving[1]")
        .body("type", equalTo("https://avatar4d.dev/problems/part-too-large"))
        .body("errors[0].message", containsString("more than the limit of 20971520"));
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsA413ProblemBeforeItIsSent() throws IOException {
    long jobs = Db.count(db, "select count(*) from jobs");
    long declared = 600L * 1024 * 1024;
    String head =
        "POST /v1/jobs HTTP/1.1\r\n"
            + "Host: "
            + jobsUri.getHost()
            + ":"
            + jobsUri.getPort()
            + "\r\n"
            + "Authorization: "
            + TestKeys.bearer(TestKeys.DEFAULT)
            + "\r\n"
            + "Content-Type: multipart/form-data; boundary=xyz\r\n"
            + "Content-Length: "
            + declared
            + "\r\n\r\n"
            + "--xyz\r\n";
    String response;
    try (Socket socket = new Socket(jobsUri.getHost(), jobsUri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
    assertThat(response)
        .contains("\"type\":\"https://avatar4d.dev/problems/request-too-large\"")
        .contains("\"status\":413")
        .contains(
            "the request body has "
                + declared
                + " bytes, more than the limit of "
                + maxBodySize.asLongValue());
    assertThat(Db.count(db, "select count(*) from jobs")).isEqualTo(jobs);
  }

  @Test
  void anUnknownJobIsA404Problem() {
    for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
      given()
          .get("/v1/jobs/" + id)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("status", equalTo(404))
          .body("title", equalTo("Job not found"))
          .body("instance", equalTo("/v1/jobs/" + id));
    }
  }

  private ValidatableResponse rejectsAndKeepsNothing(
      Supplier<ValidatableResponse> send, String field) {
    return rejectsAndKeepsNothing(send, 400, "Invalid request", field);
  }

  private ValidatableResponse rejectsAndKeepsNothing(
      Supplier<ValidatableResponse> send, int status, String title, String field) {
    long jobs = Db.count(db, "select count(*) from jobs");
    long inputs = Db.count(db, "select count(*) from job_inputs");
    long outbox = Db.count(db, "select count(*) from outbox");
    int objects = stores.store().list("jobs/").size();

    ValidatableResponse response =
        send.get()
            .statusCode(status)
            .contentType("application/problem+json")
            .body("type", startsWith("https://avatar4d.dev/problems/"))
            .body("title", equalTo(title))
            .body("status", equalTo(status))
            .body("detail", startsWith(field + ": "))
            .body("instance", equalTo("/v1/jobs"))
            .body("errors[0].field", equalTo(field));

    assertThat(Db.count(db, "select count(*) from jobs")).isEqualTo(jobs);
    assertThat(Db.count(db, "select count(*) from job_inputs")).isEqualTo(inputs);
    assertThat(Db.count(db, "select count(*) from outbox")).isEqualTo(outbox);
    assertThat(stores.store().list("jobs/")).hasSize(objects);
    return response;
  }
}
