package dev.avatar4d.gateway.health;

import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store's bucket can be queried. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {
  private final ObjectStores stores;

  ObjectStoreReadinessCheck(ObjectStores stores) {
    this.stores = stores;
  }

  @Override
  public HealthCheckResponse call() {
    boolean up;
    try {
      up = stores.store().isReachable();
    } catch (StorageException e) {
      up = false;
    }
    return HealthCheckResponse.named("object-store").status(up).build();
  }
}
