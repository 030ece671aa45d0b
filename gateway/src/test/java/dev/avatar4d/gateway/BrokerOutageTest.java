package dev.avatar4d.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.KafkaProbe;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.protocol.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class BrokerOutageTest {
  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void aJobSubmittedWhileKafkaIsDownIsAcceptedAndPublishedWhenItReturns() {
    stack.kafka().kill();
    UUID job;
    try {
      job = Submit.valid(1).accepted();

      // The relay keeps trying while the broker is gone; the row stays unpublished.
      Eventually.until(
          "a failed publish attempt",
          Duration.ofSeconds(30),
          () ->
              Db.count(
                      db,
                      "select attempts from outbox where record_key = ? and topic = ?",
                      job.toString(),
                      Topics.JOBS)
                  > 0);
      assertThat(
              Db.scalar(
                  db,
                  "select published_at from outbox where record_key = ? and topic = ?",
                  job.toString(),
                  Topics.JOBS))
          .isNull();
    } finally {
      stack.kafka().restart();
    }

    Eventually.until(
        "the outbox row to be published after the restart",
        Duration.ofSeconds(60),
        () ->
            Db.scalar(
                    db,
                    "select published_at from outbox where record_key = ? and topic = ?",
                    job.toString(),
                    Topics.JOBS)
                != null);
    assertThat(
            KafkaProbe.find(
                stack.bootstrapServers(),
                Topics.JOBS,
                r -> job.toString().equals(r.key()),
                Duration.ofSeconds(20)))
        .isPresent();
  }
}
