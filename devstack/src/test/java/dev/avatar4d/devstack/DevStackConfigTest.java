package dev.avatar4d.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStackConfigTest {
  @Test
  void defaultsAreTheUsualPortsUnderDotAvatar4d() {
    var cfg = DevStackConfig.fromEnv(Map.of());
    assertThat(cfg.home()).isEqualTo(Path.of(".avatar4d"));
    assertThat(cfg.kafkaPort()).isEqualTo(9092);
    assertThat(cfg.postgresPort()).isEqualTo(5432);
    assertThat(cfg.s3Port()).isEqualTo(9000);
    assertThat(cfg.externalKafka()).isNull();
    assertThat(cfg.s3Bucket()).isEqualTo("avatar4d");
  }

  @Test
  void environmentVariablesOverrideAndBadValuesAreNamed() {
    var cfg =
        DevStackConfig.fromEnv(
            Map.of(
                "AVATAR4D_HOME",
                "/tmp/x",
                "AVATAR4D_KAFKA_PORT",
                "0",
                "AVATAR4D_KAFKA_BOOTSTRAP",
                "kafka:9092",
                "AVATAR4D_S3_SECRET_KEY",
                "s3cr3t"));
    assertThat(cfg.kafkaDir()).isEqualTo(Path.of("/tmp/x/kafka"));
    assertThat(cfg.kafkaPort()).isZero();
    assertThat(cfg.externalKafka()).isEqualTo("kafka:9092");
    assertThat(cfg.toString()).doesNotContain("s3cr3t");
    assertThatThrownBy(() -> DevStackConfig.fromEnv(Map.of("AVATAR4D_S3_PORT", "nine")))
        .hasMessageContaining("AVATAR4D_S3_PORT");
    assertThatThrownBy(() -> DevStackConfig.fromEnv(Map.of("AVATAR4D_JDBC_URL", "jdbc:h2:mem")))
        .hasMessageContaining("AVATAR4D_JDBC_URL");
  }
}
