package dev.avatar4d.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageConfigTest {
  @Test
  void fromEnvAppliesTheDefaultBucketAndRegion() {
    var cfg =
        StorageConfig.fromEnv(
            Map.of(
                "AVATAR4D_S3_ENDPOINT", "http://127.0.0.1:9000",
                "AVATAR4D_S3_ACCESS_KEY", "a",
                "AVATAR4D_S3_SECRET_KEY", "s"));
    assertThat(cfg.bucket()).isEqualTo("avatar4d");
    assertThat(cfg.region()).isEqualTo("us-east-1");
    assertThat(cfg.toString()).doesNotContain("=s,").contains("secretKey=***");
    assertThat(StorageConfig.fromEnv(cfg.toEnv())).isEqualTo(cfg);
  }

  @Test
  void aMissingVariableIsNamedInTheError() {
    assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("AVATAR4D_S3_ACCESS_KEY", "a")))
        .hasMessageContaining("AVATAR4D_S3_ENDPOINT");
    assertThatThrownBy(
            () ->
                StorageConfig.fromEnv(
                    Map.of("AVATAR4D_S3_ENDPOINT", "http://h:1", "AVATAR4D_S3_ACCESS_KEY", "a")))
        .hasMessageContaining("AVATAR4D_S3_SECRET_KEY");
    assertThatThrownBy(() -> new StorageConfig("ftp://x", "a", "s", "avatar4d", "us-east-1"))
        .hasMessageContaining("AVATAR4D_S3_ENDPOINT");
    assertThatThrownBy(() -> new StorageConfig("http://x", "a", "s", "Bad_Bucket", "us-east-1"))
        .hasMessageContaining("AVATAR4D_S3_BUCKET");
  }

  @Test
  void jobKeysFollowTheAgreedLayout() {
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
    String j = "jobs/" + id + "/";
    assertThat(JobKeys.inputPrefix(id)).isEqualTo(j + "input/");
    assertThat(JobKeys.source(id, "PNG")).isEqualTo(j + "input/source.png");
    assertThat(JobKeys.driving(id, 3, ".jpg")).isEqualTo(j + "input/driving/0003.jpg");
    assertThat(JobKeys.outputPrefix(id)).isEqualTo(j + "output/");
    assertThatThrownBy(() -> JobKeys.driving(id, -1, "png"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachRunOfAnAttemptWritesUnderItsOwnPrefix() {
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
    String out = "jobs/" + id + "/output/";
    AttemptKeys run = new AttemptKeys(id, 2, "0a1b2c3d");
    assertThat(run.prefix()).isEqualTo(out + "attempt-2-0a1b2c3d/");
    assertThat(run.frame("front", 12)).isEqualTo(out + "attempt-2-0a1b2c3d/front/frames/0012.png");
    assertThat(run.depth("front", 0)).isEqualTo(out + "attempt-2-0a1b2c3d/front/depth/0000.png");
    assertThat(run.video("orbit03")).isEqualTo(out + "attempt-2-0a1b2c3d/orbit03/video.mp4");
    assertThat(run.manifest()).isEqualTo(out + "attempt-2-0a1b2c3d/manifest.json");
    assertThat(AttemptKeys.prefixOfManifest(run.manifest())).contains(run.prefix());
    assertThat(AttemptKeys.prefixOfManifest(run.frame("front", 0))).isEmpty();

    AttemptKeys first = AttemptKeys.newRun(id, 1);
    AttemptKeys second = AttemptKeys.newRun(id, 1);
    assertThat(first.prefix()).startsWith(out + "attempt-1-").isNotEqualTo(second.prefix());

    assertThatThrownBy(() -> run.frame("../x", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptKeys(id, 0, "0a1b2c3d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptKeys(id, 1, "../../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
