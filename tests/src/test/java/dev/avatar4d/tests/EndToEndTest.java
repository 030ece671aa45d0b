package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.faces.TestPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path on real components: HTTP submit → PostgreSQL + outbox → Kafka → two worker JVMs
 * running Portrait4D-v2 (lite) on DJL → S3 → events → gateway → presigned downloads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  private RunningSystem system;

  @BeforeAll
  void startEverything() throws Exception {
    // Under target/ so that the processes' logs stay behind as test artefacts.
    system = RunningSystem.start(RunningSystem.freshHome("end-to-end"), 2);
  }

  @AfterAll
  void stopEverything() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aSubmittedJobSucceedsAndEveryOutputDownloadsIntactThroughItsPresignedUrl() throws Exception {
    int frames = 3;
    int resolution = 128;
    String options =
        "{\"views\":[\"front\",{\"name\":\"left30\",\"yaw\":30,\"pitch\":5,\"radius\":4.2,\"fov\":12}],"
            + "\"model\":\"lite\",\"resolution\":"
            + resolution
            + ",\"formats\":[\"png\",\"mp4\",\"depth\"],\"fps\":6}";
    JobClient.Answer submitted =
        system.client.submit(SampleJob.source(), SampleJob.driving(frames), options);
    assertThat(submitted.status()).isEqualTo(202);
    assertThat(submitted.location()).contains("/v1/jobs/");
    String id = submitted.body().path("id").asText();

    JsonNode job = awaitTerminal(id, Duration.ofMinutes(5));
    assertThat(job.path("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
    assertThat(job.path("model").path("preset").asText()).isEqualTo("lite");
    // Workers started like `./avatar4d` does run the shipped weights, pinned by their digest.
    Path shipped =
        Path.of(System.getProperty("avatar4d.root", ".."))
            .resolve("models/lite.safetensors.sha256");
    assertThat(job.path("model").path("trained").asBoolean()).isTrue();
    assertThat(job.path("model").path("weightsSha256").asText())
        .isEqualTo(Files.readString(shipped).trim().split("\\s+")[0]);

    JsonNode files = job.path("manifest").path("files");
    // 2 views × 3 frames × (RGB + depth) + 2 videos + the aligned crops of the source and 3 frames
    assertThat(files.size()).isEqualTo(2 * frames * 2 + 2 + 1 + frames);
    Map<String, Integer> kinds = new HashMap<>();
    for (JsonNode file : files) {
      byte[] bytes = system.client.download(file.path("url").asText());
      assertThat(bytes.length).isEqualTo(file.path("size").asLong());
      assertThat(sha256(bytes)).isEqualTo(file.path("sha256").asText());
      String kind = file.path("kind").asText();
      kinds.merge(kind, 1, Integer::sum);
      if (kind.equals("VIDEO")) {
        assertThat(file.path("mediaType").asText()).isEqualTo("video/mp4");
        assertThat(Mp4Inspector.majorBrand(bytes)).isEqualTo("isom");
        assertThat(Mp4Inspector.frameCount(bytes)).isEqualTo(frames);
      } else {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("%s decodes", file.path("key").asText()).isNotNull();
        int side = kind.equals("CROP") ? 512 : resolution;
        assertThat(image.getWidth()).isEqualTo(side);
        assertThat(image.getHeight()).isEqualTo(side);
      }
    }
    assertThat(kinds)
        .containsEntry("FRAME", 2 * frames)
        .containsEntry("DEPTH", 2 * frames)
        .containsEntry("VIDEO", 2)
        .containsEntry("CROP", 1 + frames);
    JsonNode preprocess = job.path("manifest").path("preprocess");
    assertThat(preprocess.path("source").path("found").asBoolean()).isTrue();
    assertThat(preprocess.path("driving").size()).isEqualTo(frames);
    assertThat(job.path("manifest").path("quality").path("identityPerFrame").size())
        .isEqualTo(frames);
  }

  @Test
  void aPhotographWithoutAFaceFailsWithNoFaceAtItsFirstAttemptAndNothingIsRendered()
      throws Exception {
    String options = "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";
    String id =
        system
            .client
            .submit(
                new JobClient.Upload("coffee.png", TestPhotos.png("coffee")),
                SampleJob.driving(1),
                options)
            .body()
            .path("id")
            .asText();

    JsonNode job = awaitTerminal(id, Duration.ofMinutes(3));

    assertThat(job.path("state").asText()).as("job %s", job).isEqualTo("FAILED");
    assertThat(job.path("errorCode").asText()).isEqualTo("no-face");
    assertThat(job.path("error").asText()).contains("no face");
    // Refused, not retried: the first attempt ended it, and it never reported STARTED.
    assertThat(job.path("attempt").asInt()).isEqualTo(1);
    assertThat(job.path("startedAt").isNull() || job.path("startedAt").isMissingNode()).isTrue();
    assertThat(job.has("manifest")).isFalse();
  }

  @Test
  void aHalfLengthPortraitIsAnimatedFromACropOfItsFace() throws Exception {
    byte[] portrait = TestPhotos.png("astronaut");
    String options = "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";
    String id =
        system
            .client
            .submit(
                new JobClient.Upload("astronaut.png", portrait),
                List.of(new JobClient.Upload("driving.png", portrait)),
                options)
            .body()
            .path("id")
            .asText();

    JsonNode job = awaitTerminal(id, Duration.ofMinutes(3));

    assertThat(job.path("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
    JsonNode source = job.path("manifest").path("preprocess").path("source");
    // The face is about a fifth of the 320-pixel-wide photograph...
    assertThat(source.path("box").get(2).asDouble()).isBetween(40.0, 110.0);
    // ...and fills the crop the network was given.
    JsonNode crop = null;
    for (JsonNode file : job.path("manifest").path("files")) {
      if (file.path("kind").asText().equals("CROP")
          && file.path("view").asText().equals("source")) {
        crop = file;
      }
    }
    assertThat(crop).as("the source crop is an output").isNotNull();
    BufferedImage image =
        ImageIO.read(new ByteArrayInputStream(system.client.download(crop.path("url").asText())));
    assertThat(image.getWidth()).isEqualTo(512);
    assertThat(source.path("cropLandmarks").size()).isEqualTo(68);
    double eyeY = source.path("cropLandmarks").get(36).get(1).asDouble();
    assertThat(eyeY).as("the eyes sit where the paper's crop puts them").isBetween(180.0, 280.0);
  }

  @Test
  void anIdleWorkerTakesAQueuedJobWhileTheOtherIsBusyWithALongOne() throws Exception {
    String longOptions = "{\"views\":[\"orbit:8\"],\"resolution\":64,\"formats\":[\"png\"]}";
    String shortOptions = "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";
    String longJob =
        system
            .client
            .submit(SampleJob.source(), SampleJob.driving(6), longOptions)
            .body()
            .path("id")
            .asText();
    awaitState(longJob, "RUNNING", Duration.ofMinutes(2));
    String shortJob =
        system
            .client
            .submit(SampleJob.source(), SampleJob.driving(1), shortOptions)
            .body()
            .path("id")
            .asText();

    JsonNode shortDone = awaitTerminal(shortJob, Duration.ofMinutes(3));
    JsonNode longNow = system.client.get(longJob).body();
    assertThat(shortDone.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(longNow.path("state").asText())
        .as("the long job is still running when the short one is done")
        .isEqualTo("RUNNING");
    assertThat(shortDone.path("worker").asText()).isNotEqualTo(longNow.path("worker").asText());
    assertThat(awaitTerminal(longJob, Duration.ofMinutes(5)).path("state").asText())
        .isEqualTo("SUCCEEDED");
  }

  private JsonNode awaitState(String id, String state, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode job = system.client.get(id).body();
    while (!job.path("state").asText().equals(state)) {
      assertThat(Instant.now()).as("job %s reaches %s; now %s", id, state, job).isBefore(deadline);
      Thread.sleep(100);
      job = system.client.get(id).body();
    }
    return job;
  }

  private JsonNode awaitTerminal(String id, Duration timeout) throws Exception {
    return system.client.awaitTerminal(id, timeout, Duration.ofMillis(250));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
