package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.http.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem responses for this package's own exceptions (409s come from {@code
 * JobConflictException}).
 */
public class MaintenanceProblemMappers {
  private static final Logger LOG = Logger.getLogger(MaintenanceProblemMappers.class);

  @ServerExceptionMapper
  public Response deadLettersUnavailable(DeadLettersUnavailableException e, UriInfo uri) {
    LOG.warnf("re-drive on %s failed: %s", uri.getPath(), e.getMessage());
    return Problems.response(
        503,
        "dead-letters-unavailable",
        "Dead-letter topic unavailable",
        e.getMessage() + "; nothing was re-queued, try again",
        uri.getPath());
  }
}
