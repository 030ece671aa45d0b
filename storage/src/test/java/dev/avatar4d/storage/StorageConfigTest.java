package dev.avatar4d.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageConfigTest {
  @Test
  void fromEnvAppliesTheDefaultBucketAndRegion() {
    var cfg = StorageConfig.fromEnv(Map.of(
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
    assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of(
        "AVATAR4D_S3_ENDPOINT", "http://h:1", "AVATAR4D_S3_ACCESS_KEY", "a")))
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
    assertThat(JobKeys.attemptPrefix(id, 2)).isEqualTo(j + "output/attempt-2/");
    assertThat(JobKeys.frame(id, 2, "front", 12)).isEqualTo(j + "output/attempt-2/front/frames/0012.png");
    assertThat(JobKeys.depth(id, 1, "front", 0)).isEqualTo(j + "output/attempt-1/front/depth/0000.png");
    assertThat(JobKeys.video(id, 3, "orbit03")).isEqualTo(j + "output/attempt-3/orbit03/video.mp4");
    assertThat(JobKeys.manifest(id, 4)).isEqualTo(j + "output/attempt-4/manifest.json");
    assertThatThrownBy(() -> JobKeys.frame(id, 1, "../x", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobKeys.manifest(id, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobKeys.driving(id, -1, "png"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
