package dev.avatar4d.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.Manifest;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.OutputFile;
import dev.avatar4d.protocol.ViewSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests round-trip; data outlives the server process on the same directory. */
class ManifestAndRestartTest {
  @TempDir Path dir;

  @Test
  void aManifestWrittenIsReadBackEqual() {
    try (var server = EmbeddedS3Server.start(dir, 0, "k", "secret-key");
        var store = ObjectStore.connect(server.config("avatar4d"))) {
      var manifests = new ManifestStore(store);
      UUID job = UUID.randomUUID();
      byte[] png = {1, 2, 3};
      AttemptKeys run = AttemptKeys.newRun(job, 1);
      StoredObject frame = store.put(run.frame("front", 0), png, "image/png");
      Manifest m = sampleManifest(job, frame);

      StoredObject written = manifests.write(run, m);
      Manifest back = manifests.read(written.key());

      assertThat(written.key()).isEqualTo(run.manifest());
      assertThat(written.mediaType()).isEqualTo("application/json");
      assertThat(back.jobId()).isEqualTo(job);
      assertThat(back.files()).isEqualTo(m.files());
      assertThat(back.views()).isEqualTo(m.views());
      assertThat(back.finishedAt()).isEqualTo(m.finishedAt());
      assertThat(back.depthRange().get("front")).containsExactly(0.5f, 2.5f);
      assertThatThrownBy(() -> manifests.write(AttemptKeys.newRun(job, 2), m))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> manifests.read(AttemptKeys.newRun(UUID.randomUUID(), 1).manifest()))
          .isInstanceOf(ObjectNotFoundException.class);
    }
  }

  @Test
  void dataSurvivesAServerRestartOnTheSameDirectoryAndPort() {
    String key = JobKeys.source(UUID.randomUUID(), "png");
    int port;
    try (var server = EmbeddedS3Server.start(dir, 0, "k", "secret-key");
        var store = ObjectStore.connect(server.config("avatar4d"))) {
      port = server.port();
      store.put(key, new byte[] {4, 2}, "image/png");
    }
    try (var server = EmbeddedS3Server.start(dir, port, "k", "secret-key");
        var store = ObjectStore.connect(server.config("avatar4d"))) {
      assertThat(store.get(key)).containsExactly(4, 2);
      assertThat(store.list("jobs/")).containsExactly(key);
    }
  }

  static Manifest sampleManifest(UUID job, StoredObject frame) {
    return new Manifest(
        job,
        1,
        sampleStamp(),
        sampleViews(),
        1,
        256,
        Map.of("front", new float[] {0.5f, 2.5f}),
        List.of(
            new OutputFile(
                frame.key(),
                "front",
                0,
                OutputFile.Kind.FRAME,
                frame.mediaType(),
                frame.size(),
                frame.sha256())),
        Instant.parse("2025-01-02T03:04:05.123Z"));
  }

  static ModelStamp sampleStamp() {
    return new ModelStamp("lite", "0".repeat(64), false, "cpu");
  }

  static List<ViewSpec> sampleViews() {
    return List.of(new ViewSpec("front", 0, 0, ViewSpec.DEFAULT_RADIUS, ViewSpec.DEFAULT_FOV));
  }
}
