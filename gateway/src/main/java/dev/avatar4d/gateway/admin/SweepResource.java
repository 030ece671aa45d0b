package dev.avatar4d.gateway.admin;

import dev.avatar4d.gateway.maintenance.MaintenanceSweeper;
import dev.avatar4d.gateway.maintenance.SweepReport;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: run the maintenance sweep now instead of waiting for the next interval. */
@Path("/admin/v1/maintenance/sweep")
@Tag(name = "admin", description = "Operator endpoints (operator token)")
public class SweepResource {
  private final MaintenanceSweeper sweeper;
  private final Clock clock;

  SweepResource(MaintenanceSweeper sweeper, Clock clock) {
    this.sweeper = sweeper;
    this.clock = clock;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Run the maintenance sweep now",
      description =
          "Retention of job objects, the queue timeout and the idempotency-key purge, as of now.")
  public SweepReport sweep() {
    return sweeper.runOnce(clock.instant());
  }
}
