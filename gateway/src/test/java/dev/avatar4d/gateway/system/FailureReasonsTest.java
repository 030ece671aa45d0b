package dev.avatar4d.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonsTest {

  @Test
  void idsKeysAndNumbersAreLeftOutSoLikeFailuresGroupTogether() {
    String a =
        FailureReasons.reasonOf(
            "input source is missing from the object store"
                + " (jobs/0b6f1f9e-6c1e-4a53-9d8e-3f7c2c1d9a10/input/source.png)");
    String b =
        FailureReasons.reasonOf(
            "input source is missing from the object store"
                + " (jobs/7d0e7b8a-1111-4c2b-8e0f-abcdefabcdef/input/source.png)");

    assertThat(a).isEqualTo(b).isEqualTo("input source is missing from the object store");
  }

  @Test
  void theDetailAfterTheExceptionNameIsDropped() {
    assertThat(
            FailureReasons.reasonOf(
                "gave up at attempt 3 after 3 deliveries: StorageException: connection refused"))
        .isEqualTo("gave up at attempt N after N deliveries: StorageException");
    assertThat(FailureReasons.reasonOf("model preset 'huge' cannot be loaded: no such preset"))
        .isEqualTo("model preset '…' cannot be loaded: no such preset");
  }

  @Test
  void aBlankErrorHasAReasonToo() {
    assertThat(FailureReasons.reasonOf(null)).isEqualTo("(no reason given)");
    assertThat(FailureReasons.reasonOf("  ")).isEqualTo("(no reason given)");
  }

  @Test
  void veryLongReasonsAreCut() {
    assertThat(FailureReasons.reasonOf("x".repeat(500))).hasSize(120).endsWith("…");
  }
}
