package dev.avatar4d.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {

  @Test
  void aJobRequestSurvivesTheWireUnchanged() {
    JobOptions options =
        new JobOptions(
            ViewPresets.expand("orbit:3", "views"),
            "lite",
            256,
            Set.of(OutputFormat.PNG, OutputFormat.MP4),
            12);
    JobRequest request =
        new JobRequest(
            UUID.randomUUID(),
            "t1",
            "jobs/a/input/source.png",
            List.of("d0", "d1"),
            options,
            Instant.parse("2026-01-01T00:00:00Z"));
    JobRequest back = Json.fromBytes(Json.toBytes(request), JobRequest.class);
    assertThat(back).isEqualTo(request);
    assertThat(Json.toString(request)).contains("\"acceptedAt\":\"2026-01-01T00:00:00Z\"");
  }

  @Test
  void aJobRequestFromAnOlderGatewayWithoutAttemptBaseStartsCountingAtZero() {
    JobOptions options =
        new JobOptions(
            ViewPresets.expand("front", "views"), "lite", 64, Set.of(OutputFormat.PNG), 12);
    JobRequest request =
        new JobRequest(
            UUID.randomUUID(),
            "t1",
            "s",
            List.of("d0"),
            options,
            Instant.parse("2026-01-01T00:00:00Z"),
            3);
    String withoutBase = Json.toString(request).replace(",\"attemptBase\":3", "");

    assertThat(withoutBase).doesNotContain("attemptBase");
    assertThat(Json.fromBytes(withoutBase.getBytes(), JobRequest.class).attemptBase()).isZero();
    assertThat(Json.fromBytes(Json.toBytes(request), JobRequest.class).attemptBase()).isEqualTo(3);
  }

  @Test
  void aManifestWrittenBeforeViewsPerCallExistedReadsAsUnknown() {
    ModelStamp stamp = new ModelStamp("lite", "0".repeat(64), false, "cpu");
    Manifest manifest =
        new Manifest(
            UUID.randomUUID(),
            2,
            stamp,
            ViewPresets.expand("front", "views"),
            1,
            64,
            null,
            List.of(),
            Instant.parse("2026-01-01T00:00:00Z"),
            4,
            Map.of(),
            null,
            null);
    String older = Json.toString(manifest).replace(",\"viewsPerCall\":4", "");

    assertThat(older).doesNotContain("viewsPerCall");
    assertThat(Json.fromBytes(older.getBytes(), Manifest.class).viewsPerCall()).isZero();
    assertThat(Json.fromBytes(Json.toBytes(manifest), Manifest.class).viewsPerCall()).isEqualTo(4);
  }

  @Test
  void aManifestKeepsItsStageTimingsInPipelineOrderAndAnOlderOneReadsWithNone() {
    Map<String, Long> timings = new LinkedHashMap<>();
    for (JobStage stage : JobStage.values()) {
      timings.put(stage.key(), (long) stage.ordinal() * 10);
    }
    Manifest manifest =
        new Manifest(
            UUID.randomUUID(),
            1,
            new ModelStamp("lite", "0".repeat(64), true, "cpu"),
            ViewPresets.expand("front", "views"),
            1,
            64,
            null,
            List.of(),
            Instant.parse("2026-01-01T00:00:00Z"),
            1,
            timings,
            null,
            null);
    Manifest read = Json.fromBytes(Json.toBytes(manifest), Manifest.class);
    String older = Json.toString(manifest).replaceAll(",\"timings\":\\{[^}]*\\}", "");

    assertThat(read.timings().keySet()).containsExactlyElementsOf(timings.keySet());
    assertThat(read.timings()).containsEntry("render", JobStage.RENDER.ordinal() * 10L);
    assertThat(older).doesNotContain("timings");
    assertThat(Json.fromBytes(older.getBytes(), Manifest.class).timings()).isEmpty();
  }

  @Test
  void aManifestKeepsHowItsFacesWerePreparedAndScored() {
    FaceFrame source =
        new FaceFrame(
            null,
            true,
            false,
            1,
            new double[] {10, 20, 60, 64},
            0.91,
            -3.5,
            8.25,
            0.5,
            List.of(new double[] {200.5, 230}));
    FaceFrame followed =
        new FaceFrame(0, true, true, 0, new double[] {12, 20, 60, 64}, null, 5, 7, 0, List.of());
    Preprocess preprocess =
        new Preprocess(
            512, PoseMode.FIXED, source, List.of(followed), List.of("driving[0]: followed"));
    Quality quality =
        new Quality("front", new double[] {0.8, 0.9}, 0.85, new double[] {0.2, 0.4}, 0.3);
    Manifest manifest =
        new Manifest(
            UUID.randomUUID(),
            1,
            new ModelStamp("lite", "0".repeat(64), true, "cpu"),
            ViewPresets.expand("front", "views"),
            1,
            64,
            null,
            List.of(),
            Instant.parse("2026-01-01T00:00:00Z"),
            1,
            Map.of(),
            preprocess,
            quality);

    Manifest read = Json.fromBytes(Json.toBytes(manifest), Manifest.class);

    assertThat(read.preprocess().pose()).isEqualTo(PoseMode.FIXED);
    assertThat(read.preprocess().source().box()).containsExactly(10, 20, 60, 64);
    assertThat(read.preprocess().source().score()).isEqualTo(0.91);
    assertThat(read.preprocess().source().cropLandmarks().get(0)).containsExactly(200.5, 230);
    assertThat(read.preprocess().driving().get(0).followed()).isTrue();
    assertThat(read.preprocess().driving().get(0).score()).isNull();
    assertThat(read.preprocess().warnings()).containsExactly("driving[0]: followed");
    assertThat(read.quality().identityPerFrame()).containsExactly(0.8, 0.9);
    assertThat(read.quality().expressionMean()).isEqualTo(0.3);
  }

  @Test
  void unknownPropertiesFromANewerProducerAreIgnored() {
    String json =
        "{\"jobId\":\""
            + UUID.randomUUID()
            + "\",\"kind\":\"CANCEL\",\"at\":\"2026-01-01T00:00:00Z\",\"reason\":\"new field\"}";
    assertThat(Json.fromBytes(json.getBytes(), JobCommand.class).kind())
        .isEqualTo(JobCommand.Kind.CANCEL);
  }

  @Test
  void orbitPresetsSpanTheTrainedYawRangeSymmetrically() {
    List<ViewSpec> views = ViewPresets.expand("orbit:5", "views");
    assertThat(views).extracting(ViewSpec::yawDeg).containsExactly(-45.0, -22.5, 0.0, 22.5, 45.0);
  }

  @Test
  void anUnknownPresetNamesTheField() {
    assertThatThrownBy(() -> ViewPresets.expand("spin", "options.views[0]"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("options.views[0]");
  }

  @Test
  void aCameraOutsideTheTrainedRangeIsRefused() {
    assertThatThrownBy(() -> new ViewSpec("x", 120, 0, 4.2, 12))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("yaw");
  }
}
