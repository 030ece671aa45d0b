package dev.avatar4d.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Eventually;
import dev.avatar4d.gateway.support.InjectDevStack;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.WorkerHeartbeats;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A QUEUED job's place in the queue, on the real stack without a worker process: positions follow
 * the order of acceptance and count down as jobs ahead leave the queue; a start is estimated once a
 * worker's heartbeat says it is alive, and none is promised while no worker is.
 */
@QuarkusTest
@WithTestResource(DevStackResource.class)
class JobQueuePositionTest {
  @InjectDevStack DevStack stack;
  @Inject AgroalDataSource db;

  @Test
  void queuePositionsFollowAcceptanceAndCountDownWhenAJobAheadLeaves() {
    UUID first = Submit.valid(1).accepted();
    UUID second = Submit.valid(1).accepted();
    UUID third = Submit.valid(1).accepted();
    int p1 = queue(first).getInt("position");
    assertThat(queue(second).getInt("position")).isEqualTo(p1 + 1);
    assertThat(queue(third).getInt("position")).isEqualTo(p1 + 2);
    assertThat(queue(third).getInt("jobsAhead")).isEqualTo(p1 + 1);

    given().post("/v1/jobs/" + first + "/cancel").then().statusCode(200);

    assertThat(queue(second).getInt("position")).isEqualTo(p1);
    assertThat(queue(third).getInt("position")).isEqualTo(p1 + 1);
    given().get("/v1/jobs/" + first).then().statusCode(200);
    assertThat(job(first).getMap("queue")).as("a canceled job has no place").isNull();
  }

  @Test
  void aStartIsEstimatedFromTheLiveWorkersAndTheJobsThatFinishedLately() throws Exception {
    Instant now = Instant.now();
    UUID finished = Submit.valid(2).accepted();
    Db.finish(db, finished, "SUCCEEDED", now.minusSeconds(70), now.minusSeconds(10), null);
    String worker = "queue-" + UUID.randomUUID();
    WorkerHeartbeats.publish(stack.bootstrapServers(), worker, Instant.now(), false, "null");
    UUID waiting = Submit.valid(1).accepted();
    Eventually.until(
        "the worker counted",
        Duration.ofSeconds(20),
        () -> queue(waiting).getInt("workersAlive") >= 1);

    JsonPath q = queue(waiting);

    assertThat(Instant.parse(q.getString("estimatedStartAt"))).isAfterOrEqualTo(now);
    assertThat(q.getDouble("estimatedWaitSeconds")).isNotNegative();
    assertThat(q.getDouble("uncertaintySeconds")).isNotNegative();
    assertThat(q.getString("basis")).contains("live workers").contains("succeeded jobs");

    WorkerHeartbeats.publish(stack.bootstrapServers(), worker, Instant.now(), true, "null");
    Eventually.until(
        "the worker gone",
        Duration.ofSeconds(20),
        () -> queue(waiting).getInt("workersAlive") == 0);
  }

  @Test
  void noStartIsPromisedWhileNoWorkerIsAlive() {
    JsonPath q = queue(Submit.valid(1).accepted());

    assertThat(q.getInt("workersAlive")).isZero();
    assertThat(q.getString("estimatedStartAt")).isNull();
    assertThat(q.getString("basis")).contains("no worker is alive");
  }

  private static JsonPath job(UUID id) {
    return given().get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static JsonPath queue(UUID id) {
    return job(id).setRootPath("queue");
  }
}
