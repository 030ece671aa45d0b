package dev.avatar4d.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.TopicSpec;
import dev.avatar4d.protocol.Topics;
import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StorageConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackTest {
  @TempDir static Path home;
  static DevStack stack;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    stack = DevStack.start(DevStackConfig.ephemeral(home));
    System.out.printf(
        "DevStack (Kafka || PostgreSQL + S3) started in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void theDevStackStartsAllThreeUnderItsHome() {
    assertThat(stack.kafka()).isNotNull();
    assertThat(stack.postgres()).isNotNull();
    assertThat(stack.s3()).isNotNull();
    assertThat(home.resolve("kafka/logs/meta.properties")).exists();
    assertThat(home.resolve("postgres/data/PG_VERSION")).exists();
    assertThat(home.resolve("s3/avatar4d")).isDirectory();
  }

  @Test
  void theDevStackCreatesTheTopicsWithTheirPartitionCounts() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<String, Integer> partitions =
          admin
              .describeTopics(DevStack.TOPICS.stream().map(TopicSpec::name).toList())
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .values()
              .stream()
              .collect(Collectors.toMap(d -> d.name(), d -> d.partitions().size()));
      assertThat(partitions)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  Topics.JOBS,
                  1,
                  Topics.JOB_EVENTS,
                  12,
                  Topics.DEAD_LETTERS,
                  1,
                  Topics.JOB_CONTROL,
                  1,
                  Topics.WORKER_HEARTBEATS,
                  1));
    }
  }

  @Test
  void theServiceEnvReachesEveryComponent() throws Exception {
    Map<String, String> env = stack.serviceEnv();
    assertThat(env)
        .containsKeys(
            "AVATAR4D_KAFKA_BOOTSTRAP",
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "AVATAR4D_S3_ENDPOINT",
            "AVATAR4D_S3_ACCESS_KEY",
            "AVATAR4D_S3_SECRET_KEY",
            "AVATAR4D_S3_BUCKET");
    try (var c =
        DriverManager.getConnection(
            env.get("QUARKUS_DATASOURCE_JDBC_URL"),
            env.get("QUARKUS_DATASOURCE_USERNAME"),
            env.get("QUARKUS_DATASOURCE_PASSWORD"))) {
      assertThat(c.isValid(5)).isTrue();
    }
    try (ObjectStore store = ObjectStore.connect(StorageConfig.fromEnv(env))) {
      store.put("probe", new byte[] {1}, null);
      assertThat(store.get("probe")).containsExactly(1);
    }
    Path file = stack.writeEnvFile(home.resolve("stack.env"));
    assertThat(Files.readAllLines(file))
        .contains("AVATAR4D_KAFKA_BOOTSTRAP=" + stack.bootstrapServers());
  }

  @Test
  void aTakenFixedPortGivesAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      var cfg =
          new DevStackConfig(
              home.resolve("other"),
              taken.getLocalPort(),
              0,
              0,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null);
      assertThatThrownBy(() -> DevStack.start(cfg))
          .isInstanceOf(PortInUseException.class)
          .hasMessage("port " + taken.getLocalPort() + " is in use; set AVATAR4D_KAFKA_PORT");
    }
  }

  @Test
  void externalComponentsAreUsedInsteadOfStartingNewOnes() {
    var cfg =
        new DevStackConfig(
            home.resolve("ext"),
            0,
            0,
            0,
            stack.bootstrapServers(),
            stack.jdbcUrl(),
            stack.storage().endpoint(),
            null,
            null,
            stack.storage().accessKey(),
            stack.storage().secretKey(),
            "other-bucket");
    try (DevStack ext = DevStack.start(cfg)) {
      assertThat(ext.kafka()).isNull();
      assertThat(ext.postgres()).isNull();
      assertThat(ext.s3()).isNull();
      assertThat(ext.bootstrapServers()).isEqualTo(stack.bootstrapServers());
      assertThat(ext.storage().bucket()).isEqualTo("other-bucket");
    }
  }
}
