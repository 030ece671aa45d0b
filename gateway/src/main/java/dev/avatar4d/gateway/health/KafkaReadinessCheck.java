package dev.avatar4d.gateway.health;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.config.KafkaAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Kafka cluster answers. Submits still succeed while it is down (the outbox holds
 * the requests), but nothing moves, which is what readiness should say.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
  private final KafkaAdmin admin;
  private final String bootstrap;
  private final Duration timeout;

  KafkaReadinessCheck(KafkaAdmin admin, GatewayConfig config) {
    this.admin = admin;
    this.bootstrap = config.kafka().bootstrap();
    this.timeout = config.kafka().healthTimeout();
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("kafka")
        .status(admin.isReachable(timeout))
        .withData("bootstrap", bootstrap)
        .build();
  }
}
