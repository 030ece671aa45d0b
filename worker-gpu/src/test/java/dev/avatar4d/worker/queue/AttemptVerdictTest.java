package dev.avatar4d.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.worker.job.AttemptStop;
import dev.avatar4d.worker.queue.AttemptVerdict.Kind;
import dev.avatar4d.worker.retry.JobFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttemptVerdictTest {
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  static Stream<Arguments> endings() {
    RuntimeException transientFault = new UncheckedIOException(new IOException("connection reset"));
    RuntimeException badInput = new IllegalArgumentException("source is not an image");
    JobFailure permanent = JobFailure.permanent("driving frame 3 is not an image", null);
    JobFailure noFace =
        JobFailure.permanent(JobErrorCode.NO_FACE, "the source shows no face", null);
    return Stream.of(
        // error, stop reason, deliveries → kind, reason, code
        Arguments.of(null, null, 1, Kind.SUCCEEDED, null, null),
        Arguments.of(null, AttemptStop.Reason.CANCELED, 1, Kind.SUCCEEDED, null, null),
        Arguments.of(transientFault, AttemptStop.Reason.CANCELED, 1, Kind.CANCELED, null, null),
        Arguments.of(
            transientFault,
            AttemptStop.Reason.TIMED_OUT,
            1,
            Kind.FAILED,
            "timed out after 10 min",
            JobErrorCode.TIMED_OUT),
        Arguments.of(
            transientFault,
            AttemptStop.Reason.SHUTDOWN,
            3,
            Kind.HANDED_BACK,
            "worker w-1 shut down",
            null),
        Arguments.of(transientFault, AttemptStop.Reason.ABANDONED, 1, Kind.ABANDONED, null, null),
        Arguments.of(
            transientFault,
            AttemptStop.Reason.DEADLINE,
            1,
            Kind.CANCELED,
            "canceled: its Cancel-After deadline passed",
            JobErrorCode.DEADLINE_EXCEEDED),
        Arguments.of(
            badInput,
            null,
            1,
            Kind.FAILED,
            "input rejected: IllegalArgumentException: source is not an image",
            JobErrorCode.INVALID_INPUT),
        Arguments.of(
            permanent,
            null,
            1,
            Kind.FAILED,
            "driving frame 3 is not an image",
            JobErrorCode.INVALID_INPUT),
        Arguments.of(
            noFace, null, 1, Kind.FAILED, "the source shows no face", JobErrorCode.NO_FACE),
        Arguments.of(transientFault, null, 1, Kind.RETRY, null, null),
        Arguments.of(transientFault, null, 2, Kind.RETRY, null, null),
        Arguments.of(
            transientFault,
            null,
            3,
            Kind.FAILED,
            "gave up at attempt 3 after 3 deliveries: UncheckedIOException: java.io.IOException: connection reset",
            JobErrorCode.RETRIES_EXHAUSTED));
  }

  @ParameterizedTest(name = "{0} / stop {1} / delivery {2} -> {3} {5}")
  @MethodSource("endings")
  void eachWayAnAttemptEndsHasOneVerdict(
      Throwable error,
      AttemptStop.Reason stop,
      int deliveries,
      Kind kind,
      String reason,
      JobErrorCode code) {
    AttemptVerdict verdict =
        AttemptVerdict.of(
            error, Optional.ofNullable(stop), deliveries, deliveries, MAX_ATTEMPTS, TIMEOUT, "w-1");

    assertThat(verdict.kind()).isEqualTo(kind);
    assertThat(verdict.code()).isEqualTo(code);
    if (kind == Kind.RETRY) {
      assertThat(verdict.reason())
          .startsWith("attempt " + deliveries + " failed (")
          .contains("will retry");
    } else {
      assertThat(verdict.reason()).isEqualTo(reason);
    }
  }

  @Test
  void theLastDeliveryOfATransientFaultGoesToTheDeadLetterTopicInsteadOfTheQueue() {
    RuntimeException fault = new UncheckedIOException(new IOException("timeout"));

    assertThat(
            AttemptVerdict.of(
                    fault, Optional.empty(), 7, MAX_ATTEMPTS - 1, MAX_ATTEMPTS, TIMEOUT, "w")
                .kind())
        .isEqualTo(Kind.RETRY);
    assertThat(
            AttemptVerdict.of(fault, Optional.empty(), 8, MAX_ATTEMPTS, MAX_ATTEMPTS, TIMEOUT, "w")
                .kind())
        .isEqualTo(Kind.FAILED);
  }

  @Test
  void aVerdictThatPublishesNoReasonRefusesOneAndOnlyAFailureHasACode() {
    assertThatThrownBy(() -> new AttemptVerdict(Kind.SUCCEEDED, "why", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptVerdict(Kind.FAILED, null, JobErrorCode.NO_FACE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptVerdict(Kind.FAILED, "why", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptVerdict(Kind.RETRY, "why", JobErrorCode.NO_FACE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptVerdict(Kind.CANCELED, "why", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJobPastOneOfItsDeadlinesIsCanceledBeforeItStartsWithTheDeadlinesCode() {
    Instant accepted = Instant.parse("2026-12-07T12:00:00Z");
    JobRequest both = request(accepted, accepted.plusSeconds(600), accepted.plusSeconds(30), 0);

    assertThat(AttemptVerdict.beforeStart(both, 1, accepted.plusSeconds(29))).isEmpty();
    assertThat(AttemptVerdict.beforeStart(both, 1, accepted.plusSeconds(30)))
        .hasValueSatisfying(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.CANCELED);
              assertThat(v.code()).isEqualTo(JobErrorCode.NOT_STARTED_IN_TIME);
            });
    assertThat(AttemptVerdict.beforeStart(both, 1, accepted.plusSeconds(600)))
        .map(AttemptVerdict::code)
        .contains(JobErrorCode.DEADLINE_EXCEEDED);
  }

  @Test
  void startWithinHoldsOnlyAJobsFirstDelivery() {
    Instant accepted = Instant.parse("2026-12-07T12:00:00Z");
    Instant late = accepted.plusSeconds(60);

    assertThat(
            AttemptVerdict.beforeStart(
                request(accepted, null, accepted.plusSeconds(30), 0), 2, late))
        .as("handed back after it started")
        .isEmpty();
    assertThat(
            AttemptVerdict.beforeStart(
                request(accepted, null, accepted.plusSeconds(30), 3), 1, late))
        .as("re-driven")
        .isEmpty();
    assertThat(AttemptVerdict.beforeStart(request(accepted, null, null, 0), 1, late)).isEmpty();
  }

  private static JobRequest request(
      Instant accepted, Instant cancelAt, Instant startBy, int attemptBase) {
    return new JobRequest(
        UUID.randomUUID(),
        "t",
        "jobs/x/input/source.png",
        List.of("jobs/x/input/driving/0000.png"),
        new JobOptions(
            ViewPresets.expand("front", "views"), "lite", 64, Set.of(OutputFormat.PNG), 12),
        accepted,
        attemptBase,
        cancelAt,
        startBy);
  }
}
