package dev.avatar4d.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client properties for the gateway's Kafka producer, consumer and admin client. */
@ApplicationScoped
public class KafkaSettings {
  private final GatewayConfig.Kafka kafka;
  private final GatewayConfig.Events events;

  KafkaSettings(GatewayConfig config) {
    this.kafka = config.kafka();
    this.events = config.events();
  }

  /** Idempotent producer: acks from all in-sync replicas, no duplicates from its own retries. */
  public Map<String, Object> producer() {
    Map<String, Object> p = common("avatar4d-gateway-outbox");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.maxBlock().toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.deliveryTimeout().toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return p;
  }

  /** Classic-group consumer with manual commits, starting from the earliest unread event. */
  public Map<String, Object> eventConsumer() {
    Map<String, Object> p = common("avatar4d-gateway-events");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, events.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // A gateway that crashed holds its partitions until its session expires; with the default 45 s
    // a restarted gateway applied no events for that long (FaultToleranceTest, gateway restart).
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** Admin client for health checks and topic creation. */
  public Map<String, Object> admin() {
    Map<String, Object> p = common("avatar4d-gateway-admin");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
    p.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.deliveryTimeout().toMillis());
    return p;
  }

  private Map<String, Object> common(String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    // A restarted broker should be found again within about a second.
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }
}
