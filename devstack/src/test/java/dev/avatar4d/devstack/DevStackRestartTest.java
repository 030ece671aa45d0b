package dev.avatar4d.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.storage.ObjectStore;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each component of the stack stops and starts again in place, on the same port and data, which is
 * what the fault tests in {@code tests/} rely on: clients keep their configuration.
 */
class DevStackRestartTest {
  @TempDir static Path home;
  static DevStack stack;

  @BeforeAll
  static void start() {
    stack = DevStack.start(DevStackConfig.ephemeral(home));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void kafkaComesBackOnItsPortWithItsTopicsAndRecords() throws Exception {
    String before = stack.bootstrapServers();
    String topic = "restart-" + UUID.randomUUID();
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    produce(topic, "before");

    stack.stopKafka();
    assertThat(stack.kafka().isAlive()).isFalse();
    assertThat(listening(stack.kafka().port())).as("nothing listens while Kafka is down").isFalse();
    long t0 = System.nanoTime();
    stack.startKafka();
    System.out.printf(
        "Kafka stopped and started again in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    assertThat(stack.bootstrapServers()).isEqualTo(before);
    produce(topic, "after");
    assertThat(consume(topic, 2)).containsExactly("before", "after");
  }

  @Test
  void postgresComesBackOnItsPortWithItsRows() throws Exception {
    String url = stack.jdbcUrl();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE restart_probe (id int PRIMARY KEY, note text)");
      s.execute("INSERT INTO restart_probe VALUES (1, 'kept')");
    }

    stack.restartPostgres(Duration.ofMillis(500));

    assertThat(stack.jdbcUrl()).isEqualTo(url);
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT note FROM restart_probe WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("kept");
    }
  }

  @Test
  void s3IsUnreachableWhileStoppedAndComesBackWithItsObjects() throws Exception {
    String endpoint = stack.storage().endpoint();
    int port = stack.s3().port();
    try (ObjectStore store = ObjectStore.connect(stack.storage())) {
      store.put("restart/probe", new byte[] {4, 2}, null);
    }

    stack.stopS3();
    assertThat(stack.s3()).isNull();
    assertThat(listening(port)).as("nothing listens while S3 is down").isFalse();
    stack.stopS3(); // stopping twice is harmless
    stack.startS3();

    assertThat(stack.s3().port()).isEqualTo(port);
    assertThat(stack.storage().endpoint()).isEqualTo(endpoint);
    try (ObjectStore store = ObjectStore.connect(stack.storage())) {
      assertThat(store.get("restart/probe")).containsExactly(4, 2);
    }
  }

  @Test
  void anExternalComponentCannotBeStopped() {
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
            null);
    try (DevStack ext = DevStack.start(cfg)) {
      assertThatThrownBy(ext::stopKafka)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("external");
      assertThatThrownBy(ext::stopPostgres)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("external");
      assertThatThrownBy(ext::stopS3)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("external");
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
  }

  private static Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    return Admin.create(p);
  }

  private static void produce(String topic, String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value)).get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> consume(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "c-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> got = new java.util.ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (got.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(300)).forEach(r -> got.add(r.value()));
      }
    }
    return got;
  }
}
