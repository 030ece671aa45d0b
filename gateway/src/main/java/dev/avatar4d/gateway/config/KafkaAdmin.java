package dev.avatar4d.gateway.config;

import dev.avatar4d.protocol.TopicSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The gateway's Kafka admin client: answers whether the cluster is reachable, and creates the
 * avatar4d topics at start when they are missing (so that the partition count is ours, not the
 * broker's auto-create default).
 */
@ApplicationScoped
public class KafkaAdmin {
  private static final Logger LOG = Logger.getLogger(KafkaAdmin.class);

  private final KafkaSettings settings;
  private final GatewayConfig.Kafka config;
  private Admin admin;

  KafkaAdmin(KafkaSettings settings, GatewayConfig config) {
    this.settings = settings;
    this.config = config.kafka();
  }

  /** Whether the cluster answered with at least one broker within {@code timeout}. */
  public boolean isReachable(Duration timeout) {
    try {
      return !admin()
          .describeCluster()
          .nodes()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Creates the avatar4d topics that do not exist yet (unless disabled). Blocks until the broker
   * answers; call it off the startup path, since the gateway must start with Kafka down.
   */
  public void ensureTopics() {
    if (!config.createTopics()) {
      return;
    }
    try {
      Set<String> existing = admin().listTopics().names().get();
      List<NewTopic> missing =
          TopicSpec.all(config.partitions()).stream()
              .filter(t -> !existing.contains(t.name()))
              .map(
                  t ->
                      new NewTopic(t.name(), t.partitions(), config.replicationFactor())
                          .configs(t.configs()))
              .toList();
      if (!missing.isEmpty()) {
        admin().createTopics(missing).all().get();
        LOG.infof("created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warnf(
            "could not create Kafka topics (the broker may auto-create them): %s", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warnf("could not create Kafka topics: %s", e.getMessage());
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(settings.admin());
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
