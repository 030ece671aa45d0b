package dev.avatar4d.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.DurationText;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaultsApplyWhenOnlyTheBrokerIsGiven() {
    WorkerConfig c = WorkerConfig.fromEnv(Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
    assertThat(c.shareGroup()).isEqualTo(WorkerConfig.DEFAULT_SHARE_GROUP);
    assertThat(c.device()).isEqualTo("auto");
    assertThat(c.maxAttempts()).isEqualTo(WorkerConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(c.weightsFor("lite")).isEmpty();
    assertThat(c.jobTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.storageRetries()).isEqualTo(WorkerConfig.DEFAULT_STORAGE_RETRIES);
    assertThat(c.retryInitialBackoff()).isEqualTo(WorkerConfig.DEFAULT_RETRY_INITIAL_BACKOFF);
    assertThat(c.retryMaxBackoff()).isEqualTo(WorkerConfig.DEFAULT_RETRY_MAX_BACKOFF);
  }

  @Test
  void theJobTimeoutIsReadInShortOrIsoForm() {
    assertThat(config("AVATAR4D_JOB_TIMEOUT", "90s").jobTimeout())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(config("AVATAR4D_JOB_TIMEOUT", "1500ms").jobTimeout())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(config("AVATAR4D_JOB_TIMEOUT", "2h").jobTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(config("AVATAR4D_JOB_TIMEOUT", "PT45M").jobTimeout())
        .isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void aJobTimeoutThatIsNotADurationOrOutOfRangeNamesTheVariable() {
    assertThatThrownBy(() -> config("AVATAR4D_JOB_TIMEOUT", "soon"))
        .hasMessageContaining("AVATAR4D_JOB_TIMEOUT");
    assertThatThrownBy(() -> config("AVATAR4D_JOB_TIMEOUT", "0s"))
        .hasMessageContaining("AVATAR4D_JOB_TIMEOUT");
    assertThatThrownBy(() -> config("AVATAR4D_JOB_TIMEOUT", "25h"))
        .hasMessageContaining("AVATAR4D_JOB_TIMEOUT");
  }

  @Test
  void aMaximumBackoffBelowTheInitialOneIsRefused() {
    assertThatThrownBy(
            () ->
                WorkerConfig.fromEnv(
                    Map.of(
                        "AVATAR4D_KAFKA_BOOTSTRAP",
                        "x:1",
                        "AVATAR4D_RETRY_INITIAL_BACKOFF_MS",
                        "1000",
                        "AVATAR4D_RETRY_MAX_BACKOFF_MS",
                        "500")))
        .hasMessageContaining("AVATAR4D_RETRY_MAX_BACKOFF_MS");
  }

  @Test
  void storageRetriesOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> config("AVATAR4D_STORAGE_RETRIES", "-1"))
        .hasMessageContaining("AVATAR4D_STORAGE_RETRIES");
    assertThatThrownBy(() -> config("AVATAR4D_STORAGE_RETRIES", "11"))
        .hasMessageContaining("AVATAR4D_STORAGE_RETRIES");
  }

  @Test
  void oneViewPerRenderCallIsTheDefaultAndZeroIsRefused() {
    assertThat(WorkerConfig.fromEnv(Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1")).viewsPerCall())
        .isEqualTo(1);
    assertThat(config("AVATAR4D_VIEWS_PER_CALL", "8").viewsPerCall()).isEqualTo(8);
    assertThatThrownBy(() -> config("AVATAR4D_VIEWS_PER_CALL", "0"))
        .hasMessageContaining("AVATAR4D_VIEWS_PER_CALL");
  }

  @Test
  void durationsInMessagesUseTheLargestExactUnit() {
    assertThat(DurationText.format(Duration.ofMinutes(30))).isEqualTo("30 min");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90 s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }

  private static WorkerConfig config(String key, String value) {
    return WorkerConfig.fromEnv(Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1", key, value));
  }

  @Test
  void aMissingBrokerIsNamedInTheError() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of()))
        .hasMessageContaining("AVATAR4D_KAFKA_BOOTSTRAP");
  }

  @Test
  void moreAttemptsThanTheBrokerAllowsAreRefused() {
    assertThatThrownBy(
            () ->
                WorkerConfig.fromEnv(
                    Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1", "AVATAR4D_MAX_ATTEMPTS", "9")))
        .hasMessageContaining("AVATAR4D_MAX_ATTEMPTS");
  }

  @Test
  void aNonNumericSeedNamesTheVariable() {
    assertThatThrownBy(
            () ->
                WorkerConfig.fromEnv(
                    Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1", "AVATAR4D_SEED", "abc")))
        .hasMessageContaining("AVATAR4D_SEED");
  }
}
