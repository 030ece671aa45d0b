package dev.avatar4d.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void everyTopicIsCreatedOnceWithOnlyTheEventTopicTakingTheConfiguredPartitions() {
    List<TopicSpec> specs = TopicSpec.all(7);

    assertThat(specs)
        .extracting(TopicSpec::name)
        .containsExactlyInAnyOrder(
            Topics.JOBS,
            Topics.JOB_EVENTS,
            Topics.DEAD_LETTERS,
            Topics.JOB_CONTROL,
            Topics.WORKER_HEARTBEATS);
    assertThat(specs)
        .allSatisfy(
            s -> assertThat(s.partitions()).isEqualTo(s.name().equals(Topics.JOB_EVENTS) ? 7 : 1));
  }

  @Test
  void heartbeatsAreKeptForAnHourAndTheOtherTopicsForTheBrokersDefault() {
    for (TopicSpec s : TopicSpec.all(12)) {
      if (s.name().equals(Topics.WORKER_HEARTBEATS)) {
        assertThat(s.configs()).containsEntry("retention.ms", "3600000");
      } else {
        assertThat(s.configs()).isEmpty();
      }
    }
  }
}
