package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.JobEventType;
import dev.avatar4d.protocol.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @InjectDevStack DevStack stack;

  @TestHTTPResource("/v1/jobs/stream")
  URI stream;

  @Test
  void theStreamSendsAJobEventAfterSubmitAppliedEventAndCancel() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> response =
        http.send(
            HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream")
                .header("Authorization", TestKeys.bearer(TestKeys.DEFAULT))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("text/event-stream");
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> read(response, events), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      UUID job = Submit.valid(2).accepted();
      assertThat(next(events, job).path("state").asText()).isEqualTo("QUEUED");

      JobEvent started =
          new JobEvent(
              UUID.randomUUID(),
              job,
              1,
              0,
              JobEventType.STARTED,
              "w-stream",
              Instant.now(),
              0,
              2,
              null,
              null,
              null);
      KafkaProbe.publish(
          stack.bootstrapServers(), Topics.JOB_EVENTS, job.toString(), List.of(started));
      JsonNode running = next(events, job);
      assertThat(running.path("state").asText()).isEqualTo("RUNNING");
      assertThat(running.path("worker").asText()).isEqualTo("w-stream");

      given().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
      assertThat(next(events, job).path("state").asText()).isEqualTo("CANCELED");
    } finally {
      reader.interrupt();
      response.body().close();
    }
  }

  /**
   * The next {@code job} event about {@code job}, skipping other jobs' (other tests share the app).
   */
  private static JsonNode next(BlockingQueue<JsonNode> events, UUID job)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonNode event = events.poll(1, TimeUnit.SECONDS);
      if (event != null && job.toString().equals(event.path("id").asText())) {
        return event;
      }
    }
    throw new AssertionError("no job event for " + job + " within 30 s");
  }

  private static void read(
      HttpResponse<java.io.InputStream> response, BlockingQueue<JsonNode> events) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      List<String> data = new ArrayList<>();
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.isEmpty()) {
          if ("job".equals(name) && !data.isEmpty()) {
            events.add(JSON.readTree(String.join("\n", data)));
          }
          name = null;
          data.clear();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).stripLeading());
        }
      }
    } catch (Exception e) {
      // The test closed the stream.
    }
  }
}
