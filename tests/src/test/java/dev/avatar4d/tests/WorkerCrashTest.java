package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.client.SampleJob;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workers that go away in the middle of a job, abruptly (SIGKILL: the lease expires) or politely
 * (SIGTERM: the job is handed back), never lose it: another worker finishes it as a later attempt,
 * the client sees one outcome and a complete, consistent set of outputs. Each test takes one of the
 * three workers away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashTest {
  private RunningSystem system;

  @BeforeAll
  void startEverything() throws Exception {
    system = RunningSystem.start(RunningSystem.freshHome("worker-crash"), 3);
  }

  @AfterAll
  void stopEverything() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void aJobWhoseWorkerIsKilledIsFinishedByAnotherWorker() throws Exception {
    checkFinishedElsewhere("killed", w -> w.kill());
  }

  @Test
  @Order(2)
  void aJobWhoseWorkerShutsDownIsHandedBackAndFinishedByAnotherWorker() throws Exception {
    checkFinishedElsewhere("stopped", w -> w.stop(Duration.ofSeconds(30)));
  }

  private void checkFinishedElsewhere(String how, java.util.function.Consumer<JavaProcess> takeAway)
      throws Exception {
    int frames = 6;
    String options = "{\"views\":[\"orbit:6\"],\"resolution\":64,\"formats\":[\"png\"]}";
    String id =
        system
            .client
            .submit(SampleJob.source(), SampleJob.driving(frames), options)
            .body()
            .path("id")
            .asText();

    JsonNode running = awaitProgress(id, Duration.ofMinutes(2));
    String firstWorker = running.path("worker").asText();
    JavaProcess victim =
        system.workers.stream().filter(w -> w.name().equals(firstWorker)).findFirst().orElseThrow();
    Instant goneAt = Instant.now();
    takeAway.accept(victim);

    JsonNode done = system.client.awaitTerminal(id, Duration.ofMinutes(4), Duration.ofMillis(250));
    double recoverySeconds =
        Duration.between(goneAt, Instant.parse(done.path("finishedAt").asText())).toMillis()
            / 1000.0;
    System.out.printf(
        "worker %s %s mid-job; job finished by %s as attempt %d, %.1f s later%n",
        firstWorker,
        how,
        done.path("worker").asText(),
        done.path("attempt").asInt(),
        recoverySeconds);

    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("worker").asText()).isNotEqualTo(firstWorker);
    assertThat(done.path("attempt").asInt()).isGreaterThanOrEqualTo(2);
    JsonNode files = done.path("manifest").path("files");
    // 6 views × the frames, and the aligned crops of the source and of every driving frame.
    int outputs = 6 * frames + 1 + frames;
    assertThat(files.size()).isEqualTo(outputs);
    Set<String> keys = new HashSet<>();
    for (JsonNode file : files) {
      keys.add(file.path("key").asText());
      byte[] bytes = system.client.download(file.path("url").asText());
      assertThat(bytes.length).isEqualTo(file.path("size").asLong());
    }
    assertThat(keys).as("no output listed twice").hasSize(outputs);
    assertThat(done.path("manifest").path("attempt").asInt())
        .isEqualTo(done.path("attempt").asInt());
  }

  private JsonNode awaitProgress(String id, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonNode job = system.client.get(id).body();
      if (job.path("state").asText().equals("RUNNING")
          && job.path("progress").path("framesDone").asInt() >= 1) {
        return job;
      }
      assertThat(Instant.now()).as("job %s makes progress; now %s", id, job).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
