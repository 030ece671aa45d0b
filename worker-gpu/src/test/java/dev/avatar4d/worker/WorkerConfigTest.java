package dev.avatar4d.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  }

  @Test
  void aMissingBrokerIsNamedInTheError() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of())).hasMessageContaining("AVATAR4D_KAFKA_BOOTSTRAP");
  }

  @Test
  void moreAttemptsThanTheBrokerAllowsAreRefused() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1", "AVATAR4D_MAX_ATTEMPTS", "9")))
        .hasMessageContaining("AVATAR4D_MAX_ATTEMPTS");
  }

  @Test
  void aNonNumericSeedNamesTheVariable() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("AVATAR4D_KAFKA_BOOTSTRAP", "x:1", "AVATAR4D_SEED", "abc")))
        .hasMessageContaining("AVATAR4D_SEED");
  }
}
