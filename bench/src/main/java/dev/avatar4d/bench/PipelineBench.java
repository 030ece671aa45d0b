package dev.avatar4d.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.Ports;
import dev.avatar4d.devstack.client.ApiKeys;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.devstack.launcher.ServiceLauncher;
import dev.avatar4d.protocol.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Figures for the job path on real components (prints; never passes or fails on time):
 *
 * <ol>
 *   <li>queue latency, accepted → worker started, with idle workers;
 *   <li>accepted jobs per second at the gateway (concurrent clients, no workers running);
 *   <li>dispatched jobs per second through gateway → outbox → Kafka → a consumer of {@code
 *       avatar.jobs}, beside the raw Kafka produce → consume rate of records of the same size on
 *       the same broker, as a ratio;
 *   <li>the end-to-end time of the demo job.
 * </ol>
 *
 * Arguments: {@code latencyJobs} (default 200), {@code acceptJobs} (default 300).
 */
public final class PipelineBench {
  private static final String TINY =
      "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";
  private static final String DEMO =
      "{\"views\":[\"orbit:5\"],\"model\":\"lite\",\"resolution\":256,\"formats\":[\"png\",\"mp4\",\"depth\"],\"fps\":6}";

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    int latencyJobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int acceptJobs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path home = Files.createTempDirectory("avatar4d-bench");
    Path root = Path.of(System.getProperty("avatar4d.root", ".")).toAbsolutePath().normalize();
    ServiceLauncher services = new ServiceLauncher(root, home.resolve("logs"));
    services.checkBuilt();
    try (DevStack stack =
        DevStack.start(DevStackConfig.fromEnv(Map.of("AVATAR4D_HOME", home.toString())))) {
      int port = Ports.free();
      String apiKey = ApiKeys.random();
      Map<String, String> gatewayEnv = new HashMap<>(stack.serviceEnv());
      gatewayEnv.put(ApiKeys.BOOTSTRAP_ENV, apiKey);
      JavaProcess gateway = services.startGateway(gatewayEnv, port);
      try {
        JobClient client = new JobClient(URI.create("http://127.0.0.1:" + port), apiKey);
        client.awaitReady(Duration.ofSeconds(90), gateway::isAlive);
        JavaProcess worker =
            services.startWorker(stack.serviceEnv(), "bench-worker-1", Duration.ofMinutes(3));
        try {
          queueLatency(client, latencyJobs);
          demoJob(client);
        } finally {
          worker.kill();
        }
        // Last, with no worker left: the flood of accepted jobs would otherwise queue ahead of the
        // others.
        acceptanceAndDispatch(client, stack.bootstrapServers(), acceptJobs);
      } finally {
        gateway.kill();
      }
    }
  }

  private static void queueLatency(JobClient client, int jobs) throws Exception {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      String id =
          client.submit(SampleJob.source(), SampleJob.driving(1), TINY).body().path("id").asText();
      JsonNode done = awaitTerminal(client, id, Duration.ofMinutes(2));
      Instant created = Instant.parse(done.path("createdAt").asText());
      Instant started = Instant.parse(done.path("startedAt").asText());
      latencies.add(Duration.between(created, started).toNanos() / 1e6);
    }
    System.out.println("queue latency accepted→started (ms, idle worker): " + Stats.of(latencies));
  }

  private static void acceptanceAndDispatch(JobClient client, String bootstrap, int jobs)
      throws Exception {
    JobClient.Upload source = SampleJob.source();
    List<JobClient.Upload> driving = SampleJob.driving(1);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (KafkaConsumer<String, byte[]> jobsTopic = consumer(bootstrap, "bench-dispatch")) {
      jobsTopic.subscribe(List.of(Topics.JOBS));
      drain(jobsTopic, Duration.ofSeconds(3));
      long start = System.nanoTime();
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        answers.add(pool.submit(() -> client.submit(source, driving, TINY).status()));
      }
      int accepted = 0;
      for (Future<Integer> a : answers) {
        accepted += a.get() == 202 ? 1 : 0;
      }
      double acceptSeconds = (System.nanoTime() - start) / 1e9;
      int seen = 0;
      long recordBytes = 0;
      Instant deadline = Instant.now().plusSeconds(120);
      while (seen < accepted && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : jobsTopic.poll(Duration.ofMillis(200))) {
          seen++;
          recordBytes += r.value().length;
        }
      }
      double dispatchSeconds = (System.nanoTime() - start) / 1e9;
      double acceptedPerSecond = accepted / acceptSeconds;
      double dispatchedPerSecond = seen / dispatchSeconds;
      int meanBytes = seen == 0 ? 0 : (int) (recordBytes / seen);
      double raw = rawKafkaRate(bootstrap, Math.max(meanBytes, 1), 20_000);
      System.out.printf(
          "accepted at the gateway: %d jobs in %.2f s = %.1f jobs/s (%d client threads)%n",
          accepted, acceptSeconds, acceptedPerSecond, threads);
      System.out.printf(
          "dispatched gateway→outbox→Kafka→consumer: %d jobs in %.2f s = %.1f jobs/s%n",
          seen, dispatchSeconds, dispatchedPerSecond);
      System.out.printf(
          "raw Kafka produce→consume, %d-byte records: %.0f records/s; our dispatch is %.4f of the broker's rate (overhead ×%.0f)%n",
          meanBytes, raw, dispatchedPerSecond / raw, raw / dispatchedPerSecond);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double rawKafkaRate(String bootstrap, int recordBytes, int records)
      throws Exception {
    String topic = "bench-raw-" + System.nanoTime();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    byte[] payload = new byte[recordBytes];
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "bench-raw")) {
      producer.send(new ProducerRecord<>(topic, "warm", payload)).get();
      consumer.subscribe(List.of(topic));
      drain(consumer, Duration.ofSeconds(3));
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i), payload));
      }
      producer.flush();
      int seen = 0;
      Instant deadline = Instant.now().plusSeconds(60);
      while (seen < records && Instant.now().isBefore(deadline)) {
        seen += consumer.poll(Duration.ofMillis(200)).count();
      }
      return seen / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void demoJob(JobClient client) throws Exception {
    long start = System.nanoTime();
    String id =
        client
            .submit(SampleJob.source(), SampleJob.driving(SampleJob.DRIVING_FRAMES), DEMO)
            .body()
            .path("id")
            .asText();
    JsonNode done = awaitTerminal(client, id, Duration.ofMinutes(15));
    System.out.printf(
        "demo job (6 frames × 5 views, 256², png+mp4+depth): %s in %.1f s end to end%n",
        done.path("state").asText(), (System.nanoTime() - start) / 1e9);
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void drain(KafkaConsumer<String, byte[]> consumer, Duration d) {
    Instant until = Instant.now().plus(d);
    while (Instant.now().isBefore(until)) {
      consumer.poll(Duration.ofMillis(200));
    }
  }

  private static JsonNode awaitTerminal(JobClient client, String id, Duration timeout)
      throws Exception {
    return client.awaitTerminal(id, timeout, Duration.ofMillis(20));
  }
}
