package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.cli.CommandLine;
import dev.avatar4d.devstack.client.SampleJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./avatar4d submit|status|cancel|list} against the whole system (gateway, Kafka, one worker
 * JVM): a job submitted from image files runs to completion and its outputs land on disk, each
 * matching the manifest's SHA-256.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineClientTest {
  private RunningSystem system;

  @BeforeAll
  void startEverything() throws Exception {
    system = RunningSystem.start(RunningSystem.freshHome("cli"), 1);
  }

  @AfterAll
  void stopEverything() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aJobSubmittedFromFilesRunsToTheEndAndItsOutputsLandOnDiskChecked(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("source.png");
    Files.write(source, SampleJob.source().bytes());
    List<String> args = new ArrayList<>(List.of("submit", source.toString()));
    for (int f = 0; f < 2; f++) {
      Path frame = dir.resolve("driving-" + f + ".png");
      Files.write(frame, SampleJob.driving(2).get(f).bytes());
      args.add(frame.toString());
    }
    Path out = dir.resolve("out");
    args.addAll(
        List.of(
            "--views",
            "front,left",
            "--resolution",
            "64",
            "--formats",
            "png",
            "--wait",
            "--out",
            out.toString()));

    Run submitted = run(args);

    assertThat(submitted.status).as(submitted.text()).isZero();
    assertThat(submitted.out)
        .contains("SUCCEEDED")
        .contains("2/2 frames")
        .contains("SHA-256 checked");
    String id = submitted.out.lines().findFirst().orElseThrow().split(" ")[1];
    List<Path> frames;
    try (Stream<Path> files = Files.walk(out)) {
      frames = files.filter(p -> p.toString().endsWith(".png")).toList();
    }
    // 2 views × 2 frames, plus the aligned crops (source and each driving frame).
    assertThat(frames).hasSize(2 * 2 + 1 + 2);
    assertThat(frames).allSatisfy(p -> assertThat(Files.size(p)).isPositive());

    Run status = run(List.of("status", id));
    assertThat(status.status).isZero();
    assertThat(status.out).contains(id).contains("SUCCEEDED");
    Run list = run(List.of("list", "--state", "SUCCEEDED"));
    assertThat(list.out).contains(id);
    Run cancel = run(List.of("cancel", id));
    assertThat(cancel.status).as("a finished job cannot be canceled").isEqualTo(3);
    assertThat(cancel.err).contains("409");
  }

  @Test
  void aMistypedCommandLineSaysWhatIsWrongAndHowToUseIt(@TempDir Path dir) throws Exception {
    Run unknown = run(List.of("submit", "--sharpness", "3"));
    assertThat(unknown.status).isEqualTo(2);
    assertThat(unknown.err).contains("unknown option --sharpness").contains("usage:");
    Run missing = run(List.of("submit", dir.resolve("nope.png").toString(), "x.png"));
    assertThat(missing.status).isEqualTo(2);
    assertThat(missing.err).contains("no such file");
    Path source = dir.resolve("s.png");
    Files.write(source, SampleJob.source().bytes());
    Run refused =
        run(List.of("submit", source.toString(), source.toString(), "--resolution", "100"));
    assertThat(refused.status).isEqualTo(3);
    assertThat(refused.err).contains("400").contains("options.resolution");
  }

  private Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of(
            "AVATAR4D_API_URL", system.client.base().toString(), "AVATAR4D_API_KEY", system.apiKey);
    int status =
        CommandLine.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int status, String out, String err) {
    String text() {
      return out + err;
    }
  }
}
