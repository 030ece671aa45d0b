package dev.avatar4d.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {
  @TempDir Path dir;

  /** The child program: prints its env var, then sleeps until killed. */
  public static final class Sleeper {
    public static void main(String[] args) throws Exception {
      System.out.println("sleeper ready with " + System.getenv("GREETING") + " " + args[0]);
      Thread.sleep(60_000);
    }
  }

  @Test
  void aChildJvmIsStartedItsLogLineAwaitedAndItIsKilled() {
    try (JavaProcess p =
        JavaProcess.builder("sleeper")
            .mainClass(Sleeper.class.getName())
            .classpath(KafkaBroker.currentClasspath())
            .env(Map.of("GREETING", "hello"))
            .jvmArgs("-Xmx64m")
            .args("arg1")
            .logFile(dir.resolve("sleeper.log"))
            .start()) {
      p.waitForLogLine(Pattern.compile("sleeper ready with hello arg1"), Duration.ofSeconds(30));
      assertThat(p.isAlive()).isTrue();
      assertThat(p.pid()).isPositive();

      p.kill();

      assertThat(p.isAlive()).isFalse();
      assertThat(p.process().exitValue()).isEqualTo(137);
    }
  }

  @Test
  void waitingForALineFailsWithTheLogTailWhenTheChildExits() {
    try (JavaProcess p =
        JavaProcess.builder("nomain")
            .mainClass("no.such.Main")
            .classpath(KafkaBroker.currentClasspath())
            .logFile(dir.resolve("nomain.log"))
            .start()) {
      assertThatThrownBy(() -> p.waitForLogLine(Pattern.compile("never"), Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nomain exited")
          .hasMessageContaining("no.such.Main");
    }
  }
}
