package dev.avatar4d.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.gateway.support.Submit;
import dev.avatar4d.gateway.support.Tenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackResource.class)
class IdempotencyTest {
  @Inject AgroalDataSource db;
  @Inject ObjectStores stores;

  @Test
  void theSameKeyAndRequestReturnTheSameJobOnce() {
    String key = "retry-" + UUID.randomUUID();
    ExtractableResponse<Response> first =
        Submit.valid(2).header("Idempotency-Key", key).post().statusCode(202).extract();
    ExtractableResponse<Response> again =
        Submit.valid(2)
            .header("Idempotency-Key", key)
            .post()
            .statusCode(202)
            .header("Idempotent-Replayed", "true")
            .extract();

    assertThat(again.<String>path("id")).isEqualTo(first.<String>path("id"));
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(Db.count(db, "SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key))
        .isEqualTo(1);
    assertThat(
            Db.count(
                db, "SELECT count(*) FROM outbox WHERE record_key = ?", first.<String>path("id")))
        .isEqualTo(1);
  }

  @Test
  void theSameKeyWithADifferentRequestIsAConflictThatStoresNothing() {
    String key = "conflict-" + UUID.randomUUID();
    Submit.valid(1).header("Idempotency-Key", key).accepted();
    long jobs = Db.count(db, "SELECT count(*) FROM jobs");

    Submit.valid(2)
        .header("Idempotency-Key", key)
        .post()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("Idempotency-Key"));
    Submit.valid(1)
        .options("{\"resolution\": 128}")
        .header("Idempotency-Key", key)
        .post()
        .statusCode(409);

    assertThat(Db.count(db, "SELECT count(*) FROM jobs")).isEqualTo(jobs);
  }

  @Test
  void keysBelongToOneTenant() {
    String key = "shared-" + UUID.randomUUID();
    String otherTenant = Tenants.newTenantKey("idem");
    UUID mine = Submit.valid(1).header("Idempotency-Key", key).accepted();
    UUID theirs = Submit.valid(1).withKey(otherTenant).header("Idempotency-Key", key).accepted();
    assertThat(theirs).isNotEqualTo(mine);
  }

  @Test
  void aMalformedKeyIsRefusedNamingTheHeader() {
    Submit.valid(1)
        .header("Idempotency-Key", "has spaces in it")
        .post()
        .statusCode(400)
        .body("errors[0].field", equalTo("Idempotency-Key"));
  }

  @Test
  void concurrentRequestsWithOneKeyCreateOneJobAndLeaveNoStrayInputs() throws Exception {
    String key = "race-" + UUID.randomUUID();
    byte[] source = Images.png(0);
    byte[] frame = Images.png(1);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Callable<String> submit =
            () ->
                Submit.job()
                    .source(source)
                    .driving(frame)
                    .header("Idempotency-Key", key)
                    .post()
                    .statusCode(202)
                    .extract()
                    .path("id");
        answers.add(pool.submit(submit));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> answer : answers) {
        ids.add(answer.get());
      }
      assertThat(ids).hasSize(1);
      String id = ids.iterator().next();
      assertThat(Db.count(db, "SELECT count(*) FROM outbox WHERE record_key = ?", id)).isEqualTo(1);
      assertThat(Db.count(db, "SELECT count(*) FROM job_inputs WHERE job_id = ?::uuid", id))
          .isEqualTo(2);
      // Losers of the race removed their inputs: every input object belongs to a job that exists.
      for (String objectKey : stores.store().list("jobs/")) {
        String jobId = objectKey.split("/")[1];
        assertThat(Db.count(db, "SELECT count(*) FROM jobs WHERE id = ?::uuid", jobId))
            .as("owner of %s", objectKey)
            .isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
