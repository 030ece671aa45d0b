package dev.avatar4d.worker.queue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Configures the workers' share group before the first member joins. A new share group starts at
 * the log end by default, which would skip every job queued before the first worker came up; we set
 * it to start from the earliest record instead. Idempotent: every worker does it at start.
 */
public final class ShareGroupSetup {
  private ShareGroupSetup() {}

  public static void readFromEarliest(String bootstrap, String group) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
      AlterConfigOp op =
          new AlterConfigOp(
              new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while configuring share group " + group, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot configure share group " + group + ": " + e.getMessage(), e);
    }
  }
}
