package dev.avatar4d.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.gateway.SubmitFuzzCases.FuzzCase;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Throws several hundred seeded random, damaged and hostile submissions at the gateway. Run another
 * seed with {@code -Dfuzz.seed=N}, more cases with {@code -Dfuzz.cases=N}.
 */
@QuarkusTest
@WithTestResource(DevStackResource.class)
class SubmitFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 4_2026L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 500);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @TestHTTPResource("/v1/jobs")
  URI jobs;

  @TestHTTPResource("/q/health/ready")
  URI ready;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void randomAndCorruptSubmissionsGetA4xxProblemOrAValidJobAndNeverA5xx() throws Exception {
    String key =
        Tenants.newTenantKey(
            "fuzz", Map.of("requestsPerSecond", 10_000.0, "maxActiveJobs", 100_000));
    long jobsBefore = Db.count(db, "select count(*) from jobs");
    long inputsBefore = Db.count(db, "select count(*) from job_inputs");
    long outboxBefore = Db.count(db, "select coalesce(max(id), 0) from outbox");
    Set<String> objectsBefore = new HashSet<>(stores.store().list("jobs/"));

    SubmitFuzzCases cases = new SubmitFuzzCases(new Random(SEED));
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Set<String> accepted = new HashSet<>();
    long acceptedInputs = 0;
    long started = System.nanoTime();
    for (int i = 0; i < CASES; i++) {
      FuzzCase c = cases.next();
      HttpResponse<byte[]> response = send(c, key);
      int status = response.statusCode();
      statuses.merge(c.kind() + " " + status, 1, Integer::sum);
      String problem = status == 202 ? validJob(response, key) : problemOf(response);
      if (problem != null) {
        failures.add(
            String.format(
                "case %d [%s] %s -> %d: %s; body: %s",
                i,
                c.kind(),
                c.description(),
                status,
                problem,
                abbreviate(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))));
      } else if (status == 202) {
        JsonNode job = JSON.readTree(response.body());
        accepted.add(job.path("id").asText());
        acceptedInputs += 1 + job.path("progress").path("framesTotal").asLong();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "SubmitFuzzTest seed=%d cases=%d in %.1f s; accepted %d; by kind and status: %s%n",
        SEED, CASES, seconds, accepted.size(), statuses);
    failures.forEach(f -> System.out.println("  FAILED " + f));

    assertThat(failures)
        .as("seed %d: cases answered with something other than a 4xx problem or a valid job", SEED)
        .isEmpty();
    assertThat(
            http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .as("readiness after the fuzz")
        .isEqualTo(200);
    assertThat(Db.count(db, "select count(*) from jobs") - jobsBefore)
        .as("new job rows")
        .isEqualTo(accepted.size());
    assertThat(Db.count(db, "select count(*) from job_inputs") - inputsBefore)
        .as("new input rows")
        .isEqualTo(acceptedInputs);
    List<String> strayOutbox = new ArrayList<>();
    for (String recordKey :
        Db.scalar(
                db,
                "select coalesce(string_agg(record_key, ','), '') from outbox where id > ?",
                outboxBefore)
            .toString()
            .split(",")) {
      if (!recordKey.isEmpty() && !accepted.contains(recordKey)) {
        strayOutbox.add(recordKey);
      }
    }
    assertThat(strayOutbox).as("outbox rows of no accepted job").isEmpty();
    List<String> strayObjects =
        stores.store().list("jobs/").stream()
            .filter(k -> !objectsBefore.contains(k))
            .filter(k -> !accepted.contains(k.split("/")[1]))
            .toList();
    assertThat(strayObjects).as("objects of no accepted job").isEmpty();
  }

  private HttpResponse<byte[]> send(FuzzCase c, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(jobs)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", TestKeys.bearer(key))
            .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
    if (c.contentType() != null) {
      request.header("Content-Type", c.contentType());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Null when the answer is a 4xx problem whose body agrees with the status; else what is wrong.
   */
  private static String problemOf(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status < 400 || status > 499) {
      return "expected 202 or 4xx";
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) {
      return "Content-Type '" + type + "'";
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body.path("status").asInt() != status
          || body.path("title").asText().isEmpty()
          || !body.path("type").asText().startsWith("https://avatar4d.dev/problems/")) {
        return "the problem body does not match the status";
      }
      if (status == 400
          && body.has("errors")
          && body.path("errors").path(0).path("field").asText().isEmpty()) {
        return "an error without a field";
      }
      return null;
    } catch (IOException e) {
      return "the body is not JSON";
    }
  }

  /**
   * Null when a 202 names a job that exists, is queued and whose stored inputs are images; else
   * what is wrong.
   */
  private String validJob(HttpResponse<byte[]> response, String key)
      throws IOException, InterruptedException {
    JsonNode job = JSON.readTree(response.body());
    String id = job.path("id").asText();
    HttpResponse<byte[]> read =
        http.send(
            HttpRequest.newBuilder(jobs.resolve("/v1/jobs/" + UUID.fromString(id)))
                .header("Authorization", TestKeys.bearer(key))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (read.statusCode() != 200) {
      return "the accepted job reads as " + read.statusCode();
    }
    long frames = JSON.readTree(read.body()).path("progress").path("framesTotal").asLong();
    List<String> inputs = stores.store().list("jobs/" + id + "/input/");
    if (frames < 1 || inputs.size() != frames + 1) {
      return "the accepted job has " + frames + " frames and " + inputs.size() + " stored inputs";
    }
    for (String input : inputs) {
      if (ImageIO.read(new ByteArrayInputStream(stores.store().get(input))) == null) {
        return "stored input " + input + " is not an image";
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
