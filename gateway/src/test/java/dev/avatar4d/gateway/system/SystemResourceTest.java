package dev.avatar4d.gateway.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import dev.avatar4d.gateway.support.TestKeys;
import dev.avatar4d.gateway.support.WorkerHeartbeats;
import dev.avatar4d.protocol.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class SystemResourceTest {
  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void theSystemStatusNeedsAnApiKey() {
    TestKeys.anonymous().get("/v1/system").then().statusCode(401);
  }

  @Test
  void queuedJobsShowAsBacklogOfTheWorkersShareGroupOnTheJobTopic() {
    long before = system().getLong("queue.total");
    Submit.valid(1).accepted();
    Submit.valid(1).accepted();

    Eventually.until(
        "two more jobs in the queue",
        Duration.ofSeconds(20),
        () -> system().getLong("queue.total") >= before + 2);
    JsonPath queue = system().setRootPath("queue");
    assertThat(queue.getString("topic")).isEqualTo(Topics.JOBS);
    assertThat(queue.getString("group")).isEqualTo("avatar-workers");
    assertThat(queue.getString("error")).isNull();
    assertThat(queue.getList("partitions")).hasSize(1);
    assertThat(queue.getLong("partitions[0].end")).isGreaterThanOrEqualTo(before + 2);
    assertThat(queue.getString("partitions[0].lagSource")).isNotBlank();
  }

  @Test
  void theGatewayEventConsumerLagIsGivenForEveryPartitionOfTheEventTopic() {
    Eventually.until(
        "the gateway's group is known",
        Duration.ofSeconds(30),
        () -> system().getInt("eventConsumer.members") >= 1);
    JsonPath events = system().setRootPath("eventConsumer");
    assertThat(events.getString("topic")).isEqualTo(Topics.JOB_EVENTS);
    assertThat(events.getString("group")).isEqualTo("avatar-gateway");
    assertThat(events.getString("error")).isNull();
    assertThat(events.getList("partitions")).hasSize(12);
    assertThat(events.getLong("total")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aWorkerIsAliveWhileItsHeartbeatsComeAndStoppedAfterItsGoodbye() {
    String worker = "hb-" + UUID.randomUUID();
    UUID job = UUID.randomUUID();
    Instant now = Instant.now();
    heartbeat(
        worker,
        now,
        false,
        "{\"jobId\":\""
            + job
            + "\",\"attempt\":1,\"startedAt\":\""
            + now
            + "\","
            + "\"framesDone\":2,\"framesTotal\":6}");

    Eventually.until("the worker listed", Duration.ofSeconds(20), () -> worker(worker) != null);
    Map<String, Object> alive = worker(worker);
    assertThat(alive)
        .containsEntry("alive", true)
        .containsEntry("status", "alive")
        .containsEntry("device", "gpu:0");
    assertThat(alive.get("currentJob")).asString().contains(job.toString());
    assertThat(((Map<?, ?>) alive.get("lastJob")).get("framesPerSecond")).isEqualTo(1.5f);

    heartbeat(worker, Instant.now(), true, "null");
    Eventually.until(
        "the worker stopped",
        Duration.ofSeconds(20),
        () -> "stopped".equals(worker(worker).get("status")));
    assertThat(worker(worker)).containsEntry("alive", false);
  }

  @Test
  void aWorkerWhoseHeartbeatsStoppedIsShownAsLost() {
    String worker = "silent-" + UUID.randomUUID();
    heartbeat(worker, Instant.now().minusSeconds(60), false, "null");

    Eventually.until("the worker listed", Duration.ofSeconds(20), () -> worker(worker) != null);
    assertThat(worker(worker)).containsEntry("alive", false).containsEntry("status", "lost");
  }

  @Test
  void jobFiguresCountOnlyTheCallersJobsWithDurationsAndFailureReasons() throws Exception {
    String key = Tenants.newTenantKey("stats");
    String otherKey = Tenants.newTenantKey("quiet");
    UUID ok = Submit.valid(1).withKey(key).accepted();
    UUID broken = Submit.valid(1).withKey(key).accepted();
    UUID canceled = Submit.valid(1).withKey(key).accepted();
    TestKeys.as(key).post("/v1/jobs/" + canceled + "/cancel").then().statusCode(200);
    Instant now = Instant.now();
    finish(ok, "SUCCEEDED", now.minusSeconds(70), now.minusSeconds(10), null);
    finish(
        broken,
        "FAILED",
        now.minusSeconds(30),
        now.minusSeconds(5),
        "input source is missing from the object store (jobs/" + broken + "/input/source.png)");

    JsonPath stats =
        TestKeys.as(key)
            .get("/v1/system")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .setRootPath("jobs");
    assertThat(stats.getLong("submitted")).isEqualTo(3);
    assertThat(stats.getLong("succeeded")).isEqualTo(1);
    assertThat(stats.getLong("failed")).isEqualTo(1);
    assertThat(stats.getLong("canceled")).isEqualTo(1);
    assertThat(stats.getList("perMinute")).hasSize(60);
    assertThat(
            stats.getList("perMinute.submitted", Integer.class).stream()
                .mapToInt(Integer::intValue)
                .sum())
        .isEqualTo(3);
    assertThat(stats.getList("durations")).hasSize(12);
    assertThat(stats.getDouble("runSeconds.p50")).isBetween(59.0, 61.0);
    assertThat(stats.getLong("runSeconds.count")).isEqualTo(1);
    assertThat(stats.getString("failures[0].reason"))
        .isEqualTo("input source is missing from the object store");
    assertThat(stats.getDouble("failures[0].share")).isBetween(0.33, 0.34);

    JsonPath quiet =
        TestKeys.as(otherKey)
            .get("/v1/system")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .setRootPath("jobs");
    assertThat(quiet.getLong("submitted")).isZero();
    assertThat(quiet.getList("failures")).isEmpty();
  }

  private static JsonPath system() {
    return given().get("/v1/system").then().statusCode(200).extract().jsonPath();
  }

  private static Map<String, Object> worker(String id) {
    List<Map<String, Object>> workers = system().getList("workers");
    return workers.stream().filter(w -> id.equals(w.get("workerId"))).findFirst().orElse(null);
  }

  private void heartbeat(String worker, Instant at, boolean stopping, String currentJobJson) {
    WorkerHeartbeats.publish(stack.bootstrapServers(), worker, at, stopping, currentJobJson);
  }

  private void finish(UUID job, String state, Instant started, Instant finished, String error)
      throws SQLException {
    Db.finish(db, job, state, started, finished, error);
  }
}
